package dev.hivemind.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.engine.FakeStackAnalyzer;
import dev.hivemind.engine.Faults;
import dev.hivemind.engine.StageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks preflight makes, each against a PATH of scripts this test writes (they print versions like the real
 * tools), so a missing tool, an old one and a missing PostgreSQL are real conditions of the machine it looks at.
 */
class PreflightTest {
    private static final TechStack NODE = stack(Optional.empty());
    private static final TechStack WITH_POSTGRES = stack(Optional.of("postgresql"));

    @TempDir
    Path bin;
    @TempDir
    Path postgresRoot;
    @TempDir
    Path home;

    private final FakeStackAnalyzer analyzer = new FakeStackAnalyzer(new Faults());

    @Test
    void aToolWhoseVersionSatisfiesTheAppPassesWithItsVersion() throws IOException {
        script("node", "echo v20.11.1");
        analyzer.requiring(List.of(node(">=20")));

        List<PreflightCheck> checks = preflight().stack(NODE);

        assertThat(checks).containsExactly(new PreflightCheck("tool node", true, true,
                "v20.11.1, which satisfies Node.js >=20 (package.json engines.node)", "apt-get install nodejs"));
        assertThat(Preflight.status(checks.getFirst())).isEqualTo("ok");
    }

    @Test
    void aToolTooOldForTheAppIsMissingNamingBothVersionsAndTheHint() throws IOException {
        script("node", "echo v18.19.0");
        analyzer.requiring(List.of(node(">=20")));

        List<PreflightCheck> checks = preflight().stack(NODE);

        assertThat(checks).containsExactly(new PreflightCheck("tool node", false, true,
                "node is 18.19.0 but the app asks for Node.js >=20 (package.json engines.node)",
                "Installed: 18.19.0; needed: Node.js >=20 (package.json engines.node). Install a version that "
                + "satisfies it first on the PATH, or, if you know 18.19.0 runs the app, set 'version-check: false' in "
                + "hivemind.yaml"));
        assertThat(Preflight.status(checks.getFirst())).isEqualTo("missing");
        assertThat(Preflight.passes(checks)).isFalse();
    }

    @Test
    void aToolNotOnThePathIsMissingWithItsInstallHint() {
        analyzer.requiring(List.of(new ToolRequirement("npm", "--version", "apt-get install npm")));

        PreflightCheck check = preflight().stack(NODE).getFirst();

        assertThat(check).isEqualTo(new PreflightCheck("tool npm", false, true,
                "`npm` is not installed: it is not on the PATH (" + bin + ")", "apt-get install npm"));
    }

    @Test
    void aVersionItCannotReadPassesSayingItWasNotChecked() throws IOException {
        script("node", "echo 'a node built from source'");
        analyzer.requiring(List.of(node(">=20")));

        PreflightCheck check = preflight().stack(NODE).getFirst();

        assertThat(check.passed()).isTrue();
        assertThat(check.detail()).isEqualTo("a node built from source (no version found in it to check against "
                + "Node.js >=20 (package.json engines.node))");
    }

    @Test
    void postgresqlIsMissingWhenInitdbIsNeitherOnThePathNorUnderTheVersionDirectories() throws IOException {
        script("pg_ctl", "echo 'pg_ctl (PostgreSQL) 15.8'");

        List<PreflightCheck> checks = preflight().stack(WITH_POSTGRES);

        assertThat(checks).containsExactly(new PreflightCheck("postgresql", false, true, "the app uses PostgreSQL, "
                + "but initdb and pg_ctl are not in the PATH (" + bin + ") and " + postgresRoot + "/*/bin",
                "apt-get install postgresql (its initdb and pg_ctl go to /usr/lib/postgresql/<version>/bin)"));
        assertThat(preflight().stack(NODE)).isEmpty();
    }

    @Test
    void postgresqlIsFoundInTheNewestVersionDirectoryOffThePath() throws IOException {
        for (String version : List.of("13", "16")) {
            Path versionBin = Files.createDirectories(postgresRoot.resolve(version).resolve("bin"));
            executable(versionBin.resolve("initdb"), "true");
            executable(versionBin.resolve("pg_ctl"), "true");
        }

        PreflightCheck check = preflight().stack(WITH_POSTGRES).getFirst();

        assertThat(check.passed()).isTrue();
        assertThat(check.detail()).isEqualTo("initdb and pg_ctl found in " + postgresRoot.resolve("16/bin")
                + " (the app uses PostgreSQL)");
    }

    @Test
    void aGivenDatabaseUrlStandsForTheServerSoNoBinariesAreNeeded() {
        List<PreflightCheck> checks = preflight().stack(WITH_POSTGRES, Optional.of(Set.of("DATABASE_URL")));

        assertThat(checks).containsExactly(new PreflightCheck("database", true, true,
                "the app uses postgresql through the DATABASE_URL given", "none"));
    }

    @Test
    void aServerHiveMindDoesNotRunFailsWithoutDatabaseUrlAndWarnsWhenTheEnvironmentIsUnknown() {
        TechStack mysql = stack(Optional.of("mysql"));

        PreflightCheck known = preflight().stack(mysql, Optional.of(Set.of("LOG_LEVEL"))).getFirst();
        PreflightCheck unknown = preflight().stack(mysql).getFirst();

        assertThat(known).isEqualTo(new PreflightCheck("database", false, true, "the app uses mysql, which HiveMind "
                + "does not run itself, and no DATABASE_URL is given", "Supply it: --env DATABASE_URL=... or env: "
                + "DATABASE_URL in hivemind.yaml"));
        assertThat(Preflight.status(unknown)).isEqualTo("warning");
        assertThat(unknown.detail()).endsWith("needs a DATABASE_URL to deploy");
    }

    @Test
    void aVersionFromHivemindYamlMustBeInstalled() throws IOException {
        Path versionBin = Files.createDirectories(postgresRoot.resolve("15").resolve("bin"));
        executable(versionBin.resolve("initdb"), "true");
        executable(versionBin.resolve("pg_ctl"), "true");
        TechStack wants16 = WITH_POSTGRES.withDatabase(Optional.empty(), Optional.empty(), Optional.of("16"), "test");

        PreflightCheck check = preflight().stack(wants16).getFirst();

        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).endsWith(postgresRoot + "/16/bin (installed: [15])");
        assertThat(check.remediation()).startsWith("apt-get install postgresql-16");
        assertThat(preflight().stack(WITH_POSTGRES.withDatabase(Optional.empty(), Optional.empty(),
                Optional.of("15"), "test")).getFirst().passed()).isTrue();
    }

    @Test
    void withoutGitTheHostWarnsAndStillPasses() throws IOException {
        List<PreflightCheck> checks = preflight().host(home.resolve("hivemind"));

        assertThat(checks).extracting(PreflightCheck::name).containsExactly("tool git", "disk", "write access");
        PreflightCheck git = checks.getFirst();
        assertThat(Preflight.status(git)).isEqualTo("warning");
        assertThat(git.detail()).startsWith("`git` is not installed").endsWith("HiveMind clones without it, but "
                + "builds that fetch git dependencies need it");
        assertThat(git.remediation()).isEqualTo("apt-get install git");
        assertThat(checks.subList(1, 3)).allMatch(PreflightCheck::passed);
        assertThat(Preflight.passes(checks)).isTrue();
    }

    @Test
    void withGitTheHostPassesWithItsVersion() throws IOException {
        script("git", "echo 'git version 2.39.5'");

        PreflightCheck git = preflight().host(home).getFirst();

        assertThat(git).isEqualTo(new PreflightCheck("tool git", true, true, "git version 2.39.5",
                "apt-get install git"));
    }

    private Preflight preflight() {
        return new Preflight(analyzer, StageSettings.defaults(), bin.toString(), List.of(postgresRoot));
    }

    private void script(String name, String body) throws IOException {
        executable(bin.resolve(name), body);
    }

    private static void executable(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static ToolRequirement node(String range) {
        return new ToolRequirement("node", "--version", "apt-get install nodejs",
                Optional.of(new AtLeastMajor(Integer.parseInt(range.replace(">=", "")), range)));
    }

    private static TechStack stack(Optional<String> database) {
        return new TechStack("nodejs", "express", "20", List.of(), database.isPresent(), database, "npm",
                "node server.js", Optional.empty(), List.of());
    }

    /** A {@code >=N} range; the analyzer's own ranges are tested in the analyzer. */
    private record AtLeastMajor(int major, String range) implements VersionRequirement {
        private static final Pattern VERSION = Pattern.compile("^v(\\d+)\\.(\\d+)\\.(\\d+)");

        @Override
        public String wanted() {
            return "Node.js " + range + " (package.json engines.node)";
        }

        @Override
        public Optional<String> versionIn(String output) {
            Matcher matcher = VERSION.matcher(output.strip());
            return matcher.find() ? Optional.of(output.strip().substring(1)) : Optional.empty();
        }

        @Override
        public Optional<Boolean> satisfiedBy(String version) {
            return Optional.of(Integer.parseInt(version.split("\\.")[0]) >= major);
        }
    }

    @Test
    void aTargetThatRunsPostgresElsewhereNeedsNoServerBinariesHere() {
        List<PreflightCheck> missing = List.of(new PreflightCheck(PostgresBinaries.NAME, false, true, "the app uses "
                + "PostgreSQL, but initdb and pg_ctl are not found", "apt-get install postgresql"),
                new PreflightCheck("node", true, true, "node 22", "none"));

        assertThat(Preflight.forTarget(missing, target(false))).isEqualTo(missing);
        assertThat(Preflight.forTarget(missing, target(true))).containsExactly(new PreflightCheck(
                PostgresBinaries.NAME, true, true, "the cloud target runs the app's PostgreSQL; this machine needs no "
                + "PostgreSQL server", "none"), missing.get(1));
    }

    /** A target whose only answers are its name and whether it provides PostgreSQL. */
    private static dev.hivemind.api.Target target(boolean providesPostgres) {
        return (dev.hivemind.api.Target) java.lang.reflect.Proxy.newProxyInstance(PreflightTest.class.getClassLoader(),
                new Class<?>[] {dev.hivemind.api.Target.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "name" -> "cloud";
                    case "providesPostgres" -> providesPostgres;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
