package dev.hivemind.api.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where this machine's PostgreSQL server binaries are: the directory holding {@code initdb} and {@code pg_ctl}, on the
 * PATH, else in {@code /usr/lib/postgresql/<version>/bin} (where Debian's postgresql package puts them, off the PATH),
 * the newest version first. Preflight checks it; the local target runs its private clusters with it.
 */
public final class PostgresInstall {
    /** Where Debian and Ubuntu install each PostgreSQL version's server binaries. */
    public static final Path SYSTEM = Path.of("/usr/lib/postgresql");
    /** The commands a private cluster needs. */
    public static final List<String> SERVER_COMMANDS = List.of("initdb", "pg_ctl");

    private PostgresInstall() {
    }

    /** The directory of the server binaries on this process's PATH or under {@link #SYSTEM}. */
    public static Optional<Path> binDirectory() {
        return binDirectory(Optional.ofNullable(System.getenv("PATH")).orElse(""), List.of(SYSTEM));
    }

    /**
     * @param path         the PATH looked at first
     * @param versionRoots directories whose {@code <version>/bin} sub-directories may hold the binaries
     */
    public static Optional<Path> binDirectory(String path, List<Path> versionRoots) {
        return binDirectory(path, versionRoots, Optional.empty());
    }

    /** The server binaries of major version {@code version} ({@code 15}), or of any version when it is empty. */
    public static Optional<Path> binDirectory(Optional<String> version) {
        return binDirectory(Optional.ofNullable(System.getenv("PATH")).orElse(""), List.of(SYSTEM), version);
    }

    /**
     * As {@link #binDirectory(String, List)}, for {@code version} only when given: a directory is of version
     * {@code 15} when it is {@code .../15/bin} once symbolic links are followed.
     */
    public static Optional<Path> binDirectory(String path, List<Path> versionRoots, Optional<String> version) {
        Optional<Path> onPath = Arrays.stream(path.split(":")).filter(entry -> !entry.isBlank()).map(Path::of)
                .filter(PostgresInstall::holdsServer).map(PostgresInstall::realDirectory)
                .filter(bin -> version.isEmpty() || version.get().equals(versionName(bin))).findFirst();
        return onPath.or(() -> versioned(versionRoots, version));
    }

    /** The versions installed under {@code versionRoots}, e.g. {@code [15]}, for messages. */
    public static List<String> installedVersions(List<Path> versionRoots) {
        return versionRoots.stream().flatMap(root -> children(root).stream())
                .filter(version -> holdsServer(version.resolve("bin"))).map(version -> version.getFileName()
                        .toString()).sorted().toList();
    }

    private static String versionName(Path bin) {
        return Optional.ofNullable(bin.getParent()).map(Path::getFileName).map(Path::toString).orElse("");
    }

    /**
     * The client program {@code name} ({@code psql}, {@code pg_dump}) of the installation in {@code bin}: beside
     * the server binaries, else the one on the PATH.
     */
    public static String program(Path bin, String name) {
        Path beside = bin.resolve(name);
        return Files.isExecutable(beside) ? beside.toString() : name;
    }

    /** The directory initdb really lives in, so a PATH entry of symbolic links leads to the full installation. */
    private static Path realDirectory(Path bin) {
        try {
            return bin.resolve(SERVER_COMMANDS.getFirst()).toRealPath().getParent();
        } catch (IOException e) {
            return bin;
        }
    }

    /** The install hint shown when the binaries are missing. */
    public static String installHint() {
        return "apt-get install postgresql (its initdb and pg_ctl go to " + SYSTEM + "/<version>/bin)";
    }

    private static boolean holdsServer(Path bin) {
        return SERVER_COMMANDS.stream().map(bin::resolve)
                .allMatch(command -> Files.isRegularFile(command) && Files.isExecutable(command));
    }

    private static Optional<Path> versioned(List<Path> versionRoots, Optional<String> version) {
        List<Path> versions = new ArrayList<>();
        versionRoots.forEach(root -> versions.addAll(children(root)));
        return versions.stream().filter(dir -> version.isEmpty() || version.get().equals(dir.getFileName().toString()))
                .sorted(Comparator.comparing(PostgresInstall::versionOf).reversed())
                .map(dir -> dir.resolve("bin")).filter(PostgresInstall::holdsServer).findFirst();
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
