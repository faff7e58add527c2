package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port another HiveMind app serves is refused naming that app and how to free the port, not "a process". */
class PortConflictIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aPortHeldByAnotherAppNamesItAndSuggestsDestroyingItOrAnotherPort() throws Exception {
        int port = CliHarness.freePort();
        try (CliHarness cli = new CliHarness(home, work)) {
            Path app = CliHarness.copyOfExample("node-plain", work.resolve("node-plain"));
            CliHarness.Result first = cli.run("deploy", app.toString(), "--app", "first", "--port",
                    String.valueOf(port));
            assertThat(first.exitCode()).as(first.toString()).isZero();

            CliHarness.Result second = cli.run("deploy", app.toString(), "--app", "second", "--port",
                    String.valueOf(port));

            assertThat(second.exitCode()).as(second.toString()).isNotZero();
            assertThat(second.err()).contains("port " + port + " is the public port of the HiveMind app first")
                    .contains("Pass --port with another port, or free this one with: hivemind destroy first")
                    .doesNotContain("stop the process using it");
            assertThat(cli.run("destroy", "first", "--auto-approve").exitCode()).isZero();
        }
    }
}
