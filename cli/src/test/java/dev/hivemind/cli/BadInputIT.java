package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with exit 2 and a clear message, before anything is created. */
class BadInputIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void malformedUrlIsRefusedWithoutADeployment() {
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result result = cli.run("deploy", "ftp://example.com/app.git");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("[HiveMind Conductor] Error: InvalidInputError")
                .contains("'ftp://example.com/app.git' is not a usable SOURCE")
                .contains("Remediation: Pass a local directory or a git URL");
        assertNoDeployment();
    }

    @Test
    void missingDirectoryIsRefusedWithoutADeployment() {
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result result = cli.run("deploy", "no-such-app");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("no directory " + work.resolve("no-such-app") + " exists");
        assertNoDeployment();
    }

    @Test
    void directoryWithoutPackageJsonIsRefusedWithoutADeployment() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty-app"));
        Files.writeString(empty.resolve("README.md"), "not an app\n");
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result result = cli.run("deploy", empty.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Error: InvalidInputError").contains("package.json");
        assertNoDeployment();
    }

    @Test
    void badOptionsAreRefusedWithExitTwo() {
        CliHarness cli = new CliHarness(home, work);
        Path app = CliHarness.example("node-plain");

        assertThat(cli.run("deploy", app.toString(), "--strategy", "sideways").err()).contains("unknown strategy 'sideways'");
        assertThat(cli.run("deploy", app.toString(), "--env", "NOEQUALS").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy", app.toString(), "--port", "70000").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy", app.toString(), "--app", "Bad_Name").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy", app.toString(), "--until", "nowhere").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy", app.toString(), "--health-path", "health").err())
                .contains("--health-path 'health' does not start with '/'");
        assertThat(cli.run("deploy", app.toString(), "--health-interval", "soon").exitCode()).isEqualTo(2);
        assertThat(cli.run("deploy", app.toString(), "--health-threshold", "0").exitCode()).isEqualTo(2);
        assertThat(cli.run("status", "no-such-deployment").exitCode()).isEqualTo(2);
        assertThat(cli.run("resume", "no-such-deployment").exitCode()).isEqualTo(2);
        assertNoDeployment();
    }

    private void assertNoDeployment() {
        Path deployments = home.resolve("deployments");
        assertThat(!Files.exists(deployments) || deployments.toFile().list().length == 0)
                .as("no deployment directory under " + deployments).isTrue();
        assertThat(home.resolve("agent/agent.sock")).doesNotExist();
    }
}
