package dev.hivemind.engine;

import dev.hivemind.api.PreflightCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Preflight's check that a PostgreSQL server can be created here: {@code initdb} and {@code pg_ctl} on the PATH, else
 * in {@code /usr/lib/postgresql/<version>/bin} (where Debian's postgresql package puts them, off the PATH), the newest
 * version first.
 */
final class PostgresBinaries {
    /** Where Debian and Ubuntu install each PostgreSQL version's server binaries. */
    static final Path SYSTEM = Path.of("/usr/lib/postgresql");
    static final String NAME = "postgresql";
    private static final List<String> COMMANDS = List.of("initdb", "pg_ctl");

    private final String path;
    private final List<Path> versionRoots;

    /**
     * @param path         the PATH looked at first
     * @param versionRoots directories whose {@code <version>/bin} sub-directories hold the binaries
     */
    PostgresBinaries(String path, List<Path> versionRoots) {
        this.path = path;
        this.versionRoots = List.copyOf(versionRoots);
    }

    PreflightCheck check() {
        Optional<Path> onPath = ToolCheck.locate(COMMANDS.getFirst(), path).map(Path::getParent)
                .filter(bin -> COMMANDS.stream().allMatch(command -> ToolCheck.locate(command, path).isPresent()));
        Optional<Path> found = onPath.or(this::versioned);
        String places = "the PATH (" + path + ") and " + String.join(", ", versionRoots.stream()
                .map(root -> root + "/*/bin").toList());
        return found.map(bin -> new PreflightCheck(NAME, true, true, "initdb and pg_ctl found in " + bin
                        + " (the app uses PostgreSQL)", installHint()))
                .orElseGet(() -> new PreflightCheck(NAME, false, true, "the app uses PostgreSQL, but initdb and "
                        + "pg_ctl are not in " + places, installHint()));
    }

    static String installHint() {
        return "apt-get install postgresql (its initdb and pg_ctl go to " + SYSTEM + "/<version>/bin)";
    }

    private Optional<Path> versioned() {
        List<Path> bins = new ArrayList<>();
        for (Path root : versionRoots) {
            bins.addAll(children(root));
        }
        return bins.stream().sorted(Comparator.comparing(PostgresBinaries::versionOf).reversed())
                .map(version -> version.resolve("bin"))
                .filter(bin -> COMMANDS.stream().allMatch(command -> Files.isExecutable(bin.resolve(command))))
                .findFirst();
    }

    private static List<Path> children(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    /** {@code 15} for {@code /usr/lib/postgresql/15}; names that are not numbers sort first. */
    private static double versionOf(Path directory) {
        try {
            return Double.parseDouble(directory.getFileName().toString());
        } catch (NumberFormatException notAVersion) {
            return -1;
        }
    }
}
