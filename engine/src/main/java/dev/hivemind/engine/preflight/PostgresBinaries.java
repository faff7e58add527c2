package dev.hivemind.engine.preflight;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.host.PostgresInstall;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Preflight's check that a PostgreSQL server can be created here: {@code initdb} and {@code pg_ctl} found by
 * {@link PostgresInstall} on the PATH or in {@code /usr/lib/postgresql/<version>/bin}.
 */
final class PostgresBinaries {
    /** Where Debian and Ubuntu install each PostgreSQL version's server binaries. */
    static final Path SYSTEM = PostgresInstall.SYSTEM;
    static final String NAME = "postgresql";

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
        return check(Optional.empty());
    }

    /** The check for major version {@code version} (hivemind.yaml's {@code database.version}), or any. */
    PreflightCheck check(Optional<String> version) {
        String places = "the PATH (" + path + ") and " + String.join(", ", versionRoots.stream()
                .map(root -> root + "/" + version.orElse("*") + "/bin").toList());
        String which = version.map(v -> "PostgreSQL " + v).orElse("PostgreSQL");
        return PostgresInstall.binDirectory(path, versionRoots, version)
                .map(bin -> new PreflightCheck(NAME, true, true, "initdb and pg_ctl found in " + bin
                        + " (the app uses " + which + ")", installHint()))
                .orElseGet(() -> new PreflightCheck(NAME, false, true, "the app uses " + which + ", but initdb "
                        + "and pg_ctl are not in " + places + version.map(v -> " (installed: "
                        + PostgresInstall.installedVersions(versionRoots) + ")").orElse(""),
                        version.map(v -> "apt-get install postgresql-" + v + ", or set database.version in "
                                + "hivemind.yaml to an installed one").orElseGet(PostgresBinaries::installHint)));
    }

    static String installHint() {
        return PostgresInstall.installHint();
    }
}
