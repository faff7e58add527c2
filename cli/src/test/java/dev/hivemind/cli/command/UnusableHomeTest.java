package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A HIVEMIND_HOME that cannot be used is said to be so (exit 2, with the fix), never taken for an empty one. */
class UnusableHomeTest {
    @TempDir
    Path work;

    @Test
    void statusAndAgentStartSayTheHomeCannotBeUsedAndHowToFixIt() throws Exception {
        Path home = Files.writeString(work.resolve("not-a-directory"), "a file where the home should be\n");
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result status = cli.run("status");
        CliHarness.Result statusOfApp = cli.run("status", "shop");
        CliHarness.Result start = cli.run("agent", "start");

        for (CliHarness.Result result : new CliHarness.Result[] {status, statusOfApp}) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).as(result.toString())
                    .contains("HIVEMIND_HOME " + home + " cannot be used: " + home + " is a file, not a directory")
                    .contains("Point HIVEMIND_HOME at a directory of your own")
                    .doesNotContain("unexpected");
            assertThat(result.out()).doesNotContain("No deployments yet");
        }
        // agent start writes to the home, so the ownership check (before anything is written) refuses it first
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(2);
        assertThat(start.err()).as(start.toString())
                .contains("HIVEMIND_HOME " + home + " cannot be trusted with secrets: " + home + " is not a directory")
                .contains("point HIVEMIND_HOME at a directory of your own")
                .doesNotContain("unexpected");
    }

    @Test
    void aHomeNotCreatedYetHasNoDeployments() {
        CliHarness.Result status = new CliHarness(work.resolve("fresh-home"), work).run("status");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).startsWith("No deployments yet.");
    }
}
