package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first deployment whose release cannot start fails as soon as it shows why, within seconds of its last log line
 * and not after the 60 s health deadline, without a retry that would fail the same way, with the remediation that
 * fits, and without suggesting a rollback (there is nothing to roll back to).
 */
class StartFailureIT {
    private static final Duration SOON_AFTER_ITS_LAST_LINE = Duration.ofSeconds(10);
    private static final Pattern STAMP = Pattern.compile("at (\\d{13})");
    private static final Pattern OUTPUT = Pattern.compile("Its output is in (\\S+output\\.log)");

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aStartCommandThatIsNotFoundFailsAtOnceWithoutARetry() throws Exception {
        Path app = nodeApp("missing-bin", "echo \"starting at $(date +%s%3N)\" && ./bin/serve");

        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result failed = cli.run("deploy", app.toString(), "--port", String.valueOf(CliHarness.freePort()));
            long ended = System.currentTimeMillis();

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("was not found (exit code 127: ").contains("./bin/serve: not found")
                    .contains("Give a start command the build produces: `start:` in hivemind.yaml or a Procfile "
                            + "`web:` line");
            assertFailedOnceAndSoon(failed, ended);
        }
    }

    @Test
    void aStartCommandThatEndsAtOnceWithExitCodeZeroFailsAtOnceWithoutARetry() throws Exception {
        Path app = nodeApp("one-shot", "echo \"built the assets at $(date +%s%3N)\"");

        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result failed = cli.run("deploy", app.toString(), "--port", String.valueOf(CliHarness.freePort()));
            long ended = System.currentTimeMillis();

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("ended with exit code 0 before the app answered /")
                    .contains("must keep the server running in the foreground");
            assertFailedOnceAndSoon(failed, ended);
        }
    }

    @Test
    void aModuleTheBuildDidNotInstallIsNamedAndNotRetried() throws Exception {
        Path app = nodeApp("no-express", "echo \"loading at $(date +%s%3N)\" && node server.js");
        Files.writeString(app.resolve("server.js"), "require('express');\n");

        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result failed = cli.run("deploy", app.toString(), "--port", String.valueOf(CliHarness.freePort()));
            long ended = System.currentTimeMillis();

            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.err()).contains("it needs express, which the build did not install")
                    .contains("Declare express among the app's runtime dependencies");
            assertFailedOnceAndSoon(failed, ended);
        }
    }

    /** One attempt, no rollback offered, and the CLI gave up soon after the app's stamped last line. */
    private static void assertFailedOnceAndSoon(CliHarness.Result failed, long ended) throws Exception {
        String all = failed.out() + failed.err();
        assertThat(all).doesNotContain("retrying in").doesNotContain("hivemind rollback");
        assertThat(all).contains("Next: hivemind retry ");
        Matcher output = OUTPUT.matcher(failed.err());
        assertThat(output.find()).as("the instance's output file in the error: " + failed).isTrue();
        Matcher stamp = STAMP.matcher(Files.readString(Path.of(output.group(1))));
        assertThat(stamp.find()).as("the app's stamped line in " + output.group(1)).isTrue();
        Duration afterLastLine = Duration.ofMillis(ended - Long.parseLong(stamp.group(1)));
        assertThat(afterLastLine).as(failed.toString()).isLessThan(SOON_AFTER_ITS_LAST_LINE);
    }

    /** A Node app without dependencies whose Procfile runs {@code web}. */
    private Path nodeApp(String name, String web) throws Exception {
        Path app = Files.createDirectories(work.resolve(name));
        Files.writeString(app.resolve("package.json"), "{\"name\": \"" + name + "\", \"version\": \"1.0.0\"}\n");
        Files.writeString(app.resolve("Procfile"), "web: " + web + "\n");
        return app;
    }
}
