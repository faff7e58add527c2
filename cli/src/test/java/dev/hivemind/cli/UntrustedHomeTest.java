package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command that writes refuses a HIVEMIND_HOME it cannot trust with secrets, before it writes anything. */
class UntrustedHomeTest {
    @TempDir
    Path temp;

    @Test
    void aDeployIntoAHomeEveryoneMayWriteToIsRefusedWithExitTwoBeforeAnythingIsWritten() throws IOException {
        Path home = home("rwxrwxrwx");

        CliHarness.Result result = new CliHarness(home, temp).run("deploy", CliHarness.example("node-plain").toString(),
                "--env", "API_KEY=secret-value");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("HIVEMIND_HOME " + home + " cannot be trusted with secrets: " + home
                + " is writable by group and others (rwxrwxrwx)")
                .contains("Run chmod 700 " + home + ", or point HIVEMIND_HOME at a directory of your own");
        assertThat(entries(home)).as("nothing written").isEmpty();
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @Test
    void aSymlinkedAgentDirectoryIsRefusedAndNothingIsWrittenWhereItPoints() throws IOException {
        Path home = home("rwx------");
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Files.createSymbolicLink(home.resolve("agent"), elsewhere);

        CliHarness.Result result = new CliHarness(home, temp).run("agent", "start");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(home.resolve("agent") + " is a symbolic link (to " + elsewhere + ")")
                .contains("Run rm " + home.resolve("agent"));
        assertThat(entries(elsewhere)).isEmpty();
    }

    @Test
    void aHomeOwnedByAnotherUserIsRefused() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(uid == 0, "giving a directory to another uid needs root; this test runs as uid " + uid);
        Path home = home("rwx------");
        Files.setAttribute(home, "unix:uid", 65534);

        CliHarness.Result result = new CliHarness(home, temp).run("deploy", CliHarness.example("node-plain").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(home + " is owned by uid 65534").contains("not by you (uid 0)")
                .contains("Run chown -R 0 " + home);
        assertThat(entries(home)).isEmpty();
    }

    @Test
    void aHomeOthersMayReadIsTightenedBeforeTheCommandRuns() throws IOException {
        Path home = home("rwxr-xr-x");

        CliHarness.Result result = new CliHarness(home, temp).run("agent", "stop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).isEqualTo("Tightened " + home + " from rwxr-xr-x to rwx--x--x: HiveMind's files are "
                + "for its user only\n");
        assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void aCommandThatOnlyReadsIsNotRefused() throws IOException {
        Path home = home("rwxrwxrwx");

        CliHarness.Result result = new CliHarness(home, temp).run("status");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("No deployments yet.");
    }

    private Path home(String mode) throws IOException {
        Path home = Files.createDirectory(temp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(mode));
        return home;
    }

    private static java.util.List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }
}
