package dev.hivemind.target.ssh.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.analyzer.testing.OpenSshServer;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.remote.SshHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection layer against a real OpenSSH server on loopback (this machine's sshd binary, its own config). */
class SshConnectionIT {
    @TempDir
    Path directory;
    private OpenSshServer server;
    private Path key;
    private SshHost host;

    @BeforeEach
    void startServer() throws IOException {
        assumeTrue(OpenSshServer.unavailableReason().isEmpty(), () -> OpenSshServer.unavailableReason().get());
        key = OpenSshServer.createKey(directory.resolve("client/id_ed25519"));
        Path authorized = Files.writeString(directory.resolve("authorized_keys"), OpenSshServer.publicKey(key) + "\n");
        server = OpenSshServer.start(directory.resolve("sshd"), authorized);
        host = new SshHost(System.getProperty("user.name"), "127.0.0.1", server.port());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private SshConnection.Credentials credentials() {
        return new SshConnection.Credentials(List.of(key), directory.resolve("user_known_hosts"),
                directory.resolve("home/ssh/known_hosts"));
    }

    @Test
    void firstContactRecordsTheKeyAndTheNextConnectionKnowsIt() throws IOException {
        try (SshConnection first = SshConnection.open(host, credentials())) {
            assertThat(first.trust()).isInstanceOf(HostTrust.Verdict.FirstContact.class);
            assertThat(first.trust().fingerprint()).isEqualTo(server.hostKeyFingerprint());
        }
        assertThat(Files.readString(directory.resolve("home/ssh/known_hosts"))).startsWith(server.knownHostsLine());
        assertThat(Files.getPosixFilePermissions(directory.resolve("home/ssh/known_hosts")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        try (SshConnection second = SshConnection.open(host, credentials())) {
            assertThat(second.trust()).isInstanceOf(HostTrust.Verdict.Known.class);
        }
    }

    @Test
    void aChangedHostKeyIsRefusedNamingBothFingerprints() throws IOException {
        Path other = OpenSshServer.createKey(directory.resolve("other/key"));
        Files.writeString(directory.resolve("user_known_hosts"), "[127.0.0.1]:" + server.port() + " "
                + OpenSshServer.publicKey(other) + "\n");

        assertThatThrownBy(() -> SshConnection.open(host, credentials()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("host key of " + host.display() + " changed")
                .hasMessageContaining(server.hostKeyFingerprint())
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "'"));
        assertThat(directory.resolve("home/ssh/known_hosts")).doesNotExist();
    }

    @Test
    void aRefusedLoginSaysHowToAuthorizeTheKey() throws IOException {
        Path stranger = OpenSshServer.createKey(directory.resolve("stranger/id_ed25519"));
        var credentials = new SshConnection.Credentials(List.of(stranger), directory.resolve("user_known_hosts"),
                directory.resolve("home/ssh/known_hosts"));

        assertThatThrownBy(() -> SshConnection.open(host, credentials))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("login as " + host.user())
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation()).contains("authorized_keys"));
    }

    @Test
    void logsInWithAKeyHeldByTheSshAgent() throws Exception {
        Path socket = directory.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 50 && !Files.exists(socket); i++) {
                Thread.sleep(100);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertThat(add.start().waitFor()).isZero();
            var throughAgent = new SshConnection.Credentials(List.of(), directory.resolve("user_known_hosts"),
                    directory.resolve("home/ssh/known_hosts"), java.util.Optional.of(socket));

            try (SshConnection connection = SshConnection.open(host, throughAgent)) {
                assertThat(connection.run("echo agent").output()).isEqualTo("agent");
            }
        } finally {
            agent.destroy();
        }
    }

    @Test
    void anUnreachableHostIsANetworkErrorNamingIt() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SshHost nobody = new SshHost("root", "127.0.0.1", closed);

        assertThatThrownBy(() -> SshConnection.open(nobody, credentials()))
                .isInstanceOf(NetworkException.class)
                .hasMessageContaining(nobody.display() + " is unreachable");
    }

    @Test
    void runsScriptsWithInputAndReportsTheirExitStatus() {
        try (SshConnection connection = SshConnection.open(host, credentials())) {
            CommandResult echo = connection.run("read line; echo \"got $line\"; echo oops >&2; exit 3",
                    "hello 'world'\n".getBytes(StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT);

            assertThat(echo.exitCode()).isEqualTo(3);
            assertThat(echo.output()).isEqualTo("got hello 'world'");
            assertThat(echo.lastLines()).isEqualTo("oops");
            assertThat(connection.run("printf %s " + RemoteShell.quote("it's")).output()).isEqualTo("it's");
        }
    }

    @Test
    void uploadsOverSftp() throws IOException {
        try (SshConnection connection = SshConnection.open(host, credentials())) {
            Path target = directory.resolve("uploaded.txt");
            try (OutputStream out = connection.sftp().write(target.toString())) {
                out.write("content".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(Files.readString(target)).isEqualTo("content");
            SftpClient.Attributes attributes = connection.sftp().stat(target.toString());
            assertThat(attributes.getSize()).isEqualTo(7);
        }
    }

    @Test
    void theTunnelCarriesEveryConnectionToTheRemoteUnixSocket() throws Exception {
        Path remote = directory.resolve("remote.sock");
        try (ServerSocketChannel echo = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            echo.bind(UnixDomainSocketAddress.of(remote));
            Thread.ofVirtual().start(() -> serveUpperCase(echo));
            try (SshConnection connection = SshConnection.open(host, credentials())) {
                Path local = connection.tunnel(remote.toString(), "unused", directory.resolve("t.sock"));
                for (String word : List.of("one", "two")) {
                    try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(local))) {
                        OutputStream out = Channels.newOutputStream(client);
                        out.write((word + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        InputStream in = Channels.newInputStream(client);
                        assertThat(new String(in.readNBytes(word.length() + 1), StandardCharsets.UTF_8))
                                .isEqualTo(word.toUpperCase() + "\n");
                    }
                }
            }
            assertThat(directory.resolve("t.sock")).doesNotExist();
        }
    }

    @Test
    void theTunnelCanCarryEachConnectionThroughACommandOnTheHost() throws Exception {
        try (SshConnection connection = SshConnection.open(host, credentials())) {
            Path local = connection.tunnel(new AgentTunnel.Carrier.Command("sed -u 's/.*/\\U&/'"),
                    directory.resolve("c.sock"));
            for (String word : List.of("three", "four")) {
                try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(local))) {
                    OutputStream out = Channels.newOutputStream(client);
                    out.write((word + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = Channels.newInputStream(client);
                    assertThat(new String(in.readNBytes(word.length() + 1), StandardCharsets.UTF_8))
                            .isEqualTo(word.toUpperCase() + "\n");
                }
            }
        }
    }

    private static void serveUpperCase(ServerSocketChannel server) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                OutputStream out = Channels.newOutputStream(client);
                for (int b = in.read(); b >= 0; b = in.read()) {
                    out.write(Character.toUpperCase(b));
                    if (b == '\n') {
                        out.flush();
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
