package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.Status;
import dev.hivemind.cli.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hivemind report --out}: the file is the user's alone, like everything else HiveMind writes. */
class ReportCommandTest {
    private static final String ID = "20261122-033512-123-000abcdefgh";

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void theReportFileIsWrittenMode0600EvenOverAnOpenFile() throws Exception {
        RecordedDeployments.save(home, ID, "shop", "http://127.0.0.1:8080");
        Path existing = Files.writeString(work.resolve("old.md"), "old\n");
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result fresh = cli.run("report", ID, "--out", "report.md");
        CliHarness.Result replaced = cli.run("report", "shop", "--format", "html", "--out", "old.md");

        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.out()).isEqualTo("Report (md) of deployment " + ID + " written to "
                + work.resolve("report.md") + "\n");
        assertThat(PrivateFiles.mode(work.resolve("report.md"))).isEqualTo("rw-------");
        assertThat(Files.readString(work.resolve("report.md"))).contains(ID);
        assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
        assertThat(PrivateFiles.mode(existing)).isEqualTo("rw-------");
        assertThat(Files.readString(existing)).startsWith("<!DOCTYPE html>");
    }

    @Test
    void afterARollbackReportAndStatusOfTheAppHeadlineTheServingDeployment() {
        String rolledBack = "20261122-043512-123-000zyxwvuts";
        RecordedDeployments.save(home, ID, "shop", "http://127.0.0.1:8080");
        RecordedDeployments.save(home, rolledBack, "shop", "http://127.0.0.1:8080",
                RecordedDeployments.AT.plusSeconds(3600), java.util.Optional.of(Status.ROLLED_BACK));
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result report = cli.run("report", "shop");
        CliHarness.Result status = cli.run("status", "shop", "--output", "json");
        CliHarness.Result byId = cli.run("report", rolledBack);

        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("Deployment " + ID + " of app shop");
        // the app is served by this machine's agent, which no test started: status says so (stderr) and exits 1
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
        assertThat(status.err()).contains("The host agent is not running");
        assertThat(status.out()).contains(ID).doesNotContain(rolledBack);
        assertThat(byId.out()).contains("Deployment " + rolledBack + " of app shop");
    }

    @Test
    void aFileInADirectoryThatDoesNotExistIsRefused() {
        RecordedDeployments.save(home, ID, "shop", "http://127.0.0.1:8080");

        CliHarness.Result result = new CliHarness(home, work).run("report", ID, "--out", "missing/report.md");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("cannot write the report to " + work.resolve("missing/report.md") + ": "
                + work.resolve("missing") + " is not a directory");
        assertThat(work.resolve("missing")).doesNotExist();
    }
}
