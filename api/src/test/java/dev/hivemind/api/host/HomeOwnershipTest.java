package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeOwnershipTest {
    /** {@code nobody} on Debian and most distributions; any uid that is not the test's does. */
    private static final int OTHER_UID = 65534;

    @TempDir
    Path temp;

    @Test
    void aHomeThatDoesNotExistYetIsFine() {
        HivemindHome home = new HivemindHome(temp.resolve("missing"));

        assertThat(new HomeOwnership().secure(home)).isEmpty();
    }

    @Test
    void aPrivateHomeIsLeftAsItIs() throws IOException {
        HivemindHome home = home("rwx------");
        Files.createDirectory(home.agent(), PrivateFiles.attributes(home.agent(), PrivateFiles.DIRECTORY));

        assertThat(new HomeOwnership().secure(home)).isEmpty();
        assertThat(PrivateFiles.mode(home.root())).isEqualTo("rwx------");
    }

    @Test
    void aHomeEveryoneMayWriteToIsRefusedWithTheCommandThatFixesIt() throws IOException {
        HivemindHome home = home("rwxrwxrwx");

        assertThatThrownBy(() -> new HomeOwnership().secure(home))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("HIVEMIND_HOME " + home.root() + " cannot be trusted with secrets: " + home.root()
                        + " is writable by group and others (rwxrwxrwx)")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation()).isEqualTo("Run chmod 700 "
                        + home.root() + ", or point HIVEMIND_HOME at a directory of your own"));
        assertThat(PrivateFiles.mode(home.root())).as("refused, not changed").isEqualTo("rwxrwxrwx");
    }

    @Test
    void aGroupWritableHomeIsRefused() throws IOException {
        HivemindHome home = home("rwxrwx---");

        assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(home.root() + " is writable by its group (rwxrwx---)");
    }

    @Test
    void aGroupWritableAgentDirectoryIsRefused() throws IOException {
        HivemindHome home = home("rwx------");
        Files.createDirectory(home.agent());
        Files.setPosixFilePermissions(home.agent(), PosixFilePermissions.fromString("rwxrwx---"));

        assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(home.agent() + " is writable by its group (rwxrwx---)")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .startsWith("Run chmod 700 " + home.agent()));
    }

    @Test
    void aHomeOthersMayOnlyReadIsTightenedKeepingTheSearchBits() throws IOException {
        HivemindHome home = home("rwxr-xr-x");
        Files.createDirectory(home.deployments());
        Files.setPosixFilePermissions(home.deployments(), PosixFilePermissions.fromString("rwxr-x---"));

        List<HomeOwnership.Tightened> tightened = new HomeOwnership().secure(home);

        assertThat(tightened).containsExactly(
                new HomeOwnership.Tightened(home.root(), "rwxr-xr-x", "rwx--x--x"),
                new HomeOwnership.Tightened(home.deployments(), "rwxr-x---", "rwx--x---"));
        assertThat(PrivateFiles.mode(home.root())).isEqualTo("rwx--x--x");
        assertThat(PrivateFiles.mode(home.deployments())).isEqualTo("rwx--x---");
    }

    @Test
    void aSymlinkedAgentDirectoryIsRefused() throws IOException {
        HivemindHome home = home("rwx------");
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Files.createSymbolicLink(home.agent(), elsewhere);

        assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(home.agent() + " is a symbolic link (to " + elsewhere + ")")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .startsWith("Run rm " + home.agent()));
    }

    @Test
    void aHomeReachedThroughALinkIsCheckedWhereItPoints() throws IOException {
        HivemindHome real = home("rwxrwxrwx");
        HivemindHome linked = new HivemindHome(Files.createSymbolicLink(temp.resolve("link"), real.root()));

        assertThatThrownBy(() -> new HomeOwnership().secure(linked)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is writable by group and others");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        HivemindHome home = home("rwxrwxrwx");
        Files.createSymbolicLink(home.agent(), temp);
        Files.createDirectory(home.apps());
        Files.setPosixFilePermissions(home.apps(), PosixFilePermissions.fromString("rwx-w--w-"));

        assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation()).isEqualTo("Run chmod 700 "
                        + home.root() + " && rm " + home.agent() + " && chmod 700 " + home.apps()
                        + ", or point HIVEMIND_HOME at a directory of your own"));
    }

    @Test
    void aHomeOwnedByAnotherUserIsRefused() throws IOException {
        assumeRoot();
        HivemindHome home = home("rwx------");
        Files.setAttribute(home.root(), "unix:uid", OTHER_UID);

        assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(home.root() + " is owned by uid " + OTHER_UID)
                .hasMessageEndingWith(", not by you (uid 0)")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .startsWith("Run chown -R 0 " + home.root()));
    }

    @Test
    void anAgentSocketOwnedByAnotherUserIsRefused() throws IOException {
        assumeRoot();
        HivemindHome home = home("rwx------");
        Files.createDirectory(home.agent(), PrivateFiles.attributes(home.agent(), PrivateFiles.DIRECTORY));
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(home.agentSocket()));
            Files.setAttribute(home.agentSocket(), "unix:uid", OTHER_UID);

            assertThatThrownBy(() -> new HomeOwnership().secure(home)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(home.agentSocket() + " is owned by uid " + OTHER_UID)
                    .hasMessageEndingWith("another user's agent may be listening on it");
        }
    }

    @Test
    void theCheckIsForTheCallersUidWhateverItIs() throws IOException {
        HivemindHome home = home("rwx------");

        assertThatThrownBy(() -> new HomeOwnership(OTHER_UID).secure(home)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(", not by you (uid " + OTHER_UID + ")");
    }

    private HivemindHome home(String mode) throws IOException {
        Path root = Files.createDirectory(temp.resolve("home"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(mode));
        return new HivemindHome(root);
    }

    private static void assumeRoot() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(uid == 0, "changing a file's owner to another uid needs root; this test runs as uid " + uid);
    }
}
