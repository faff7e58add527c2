package dev.hivemind.target.ssh.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.testing.OpenSshServer;
import dev.hivemind.api.remote.SshHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property 21: for a valid host and a key it authorizes, HiveMind's SSH connection is established, whatever the key's
 * type and file format, however the host is written, and whether the key is given as a file or held by an SSH agent.
 * The server is a real OpenSSH (this machine's sshd) on loopback, authorizing every generated key.
 */
class SshLoginPropertyIT {
    /** ssh-keygen arguments of each key kind a user may have. */
    private static final Map<String, List<String>> KINDS = Map.of(
            "ed25519", List.of("-t", "ed25519"),
            "ecdsa-256", List.of("-t", "ecdsa", "-b", "256"),
            "ecdsa-384", List.of("-t", "ecdsa", "-b", "384"),
            "ecdsa-521", List.of("-t", "ecdsa", "-b", "521"),
            "rsa-3072", List.of("-t", "rsa", "-b", "3072"),
            "ecdsa-256-pem", List.of("-t", "ecdsa", "-b", "256", "-m", "PEM"),
            "rsa-2048-pem", List.of("-t", "rsa", "-b", "2048", "-m", "PEM"));

    private static Path directory;
    private static OpenSshServer server;
    private static Process agent;
    private static Path agentSocket;
    private static int tries;

    @BeforeContainer
    static void startServerWithEveryKind() throws IOException, InterruptedException {
        if (OpenSshServer.unavailableReason().isPresent()) {
            return;
        }
        directory = Files.createTempDirectory("hivemind-ssh-login");
        StringBuilder authorized = new StringBuilder();
        for (var kind : KINDS.entrySet()) {
            Path key = directory.resolve("keys/" + kind.getKey());
            Files.createDirectories(key.getParent());
            List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", kind.getKey(), "-f",
                    key.toString()));
            command.addAll(kind.getValue());
            assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(kind.getKey()).isZero();
            authorized.append(OpenSshServer.publicKey(key)).append('\n');
        }
        server = OpenSshServer.start(directory.resolve("sshd"),
                Files.writeString(directory.resolve("authorized_keys"), authorized));
        agentSocket = directory.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 50 && !Files.exists(agentSocket); i++) {
            Thread.sleep(100);
        }
    }

    @AfterContainer
    static void stopServer() throws IOException, InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (directory != null) {
            try (var paths = Files.walk(directory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.out.println("Property 21: " + tries + " SSH logins tried against a real OpenSSH server");
    }

    // Feature: autodeploy-agent, Property 21: SSH connection established for valid hosts and keys
    @Property(tries = 24)
    void aValidHostAndAnAuthorizedKeyGiveAConnection(@ForAll("kinds") String kind, @ForAll("spellings") String form,
            @ForAll boolean throughTheAgent) throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        tries++;
        Path key = directory.resolve("keys/" + kind);
        SshHost host = SshHost.parse(form.formatted(System.getProperty("user.name"), server.port()));
        Path knownHosts = Files.createTempDirectory(directory, "known");
        SshConnection.Credentials credentials = throughTheAgent
                ? new SshConnection.Credentials(List.of(), knownHosts.resolve("user"), knownHosts.resolve("hivemind"),
                        Optional.of(withOnly(key)))
                : new SshConnection.Credentials(List.of(key), knownHosts.resolve("user"),
                        knownHosts.resolve("hivemind"));

        String marker = "login-" + tries;
        try (SshConnection connection = SshConnection.open(host, credentials)) {
            assertThat(connection.trust()).isInstanceOf(HostTrust.Verdict.FirstContact.class);
            assertThat(connection.run("echo " + marker + " $(id -un)", Duration.ofSeconds(20)).output())
                    .isEqualTo(marker + " " + System.getProperty("user.name"));
        }
        try (SshConnection again = SshConnection.open(host, credentials)) {
            assertThat(again.trust()).isInstanceOf(HostTrust.Verdict.Known.class);
        }
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of(KINDS.keySet().stream().sorted().toList());
    }

    /** How a user writes the same host: by address or by name, with the user or (for root, the default) without. */
    @Provide
    Arbitrary<String> spellings() {
        List<String> forms = new ArrayList<>(List.of("%s@127.0.0.1:%d", "%s@localhost:%d", "%s@LOCALHOST:%d"));
        if (System.getProperty("user.name").equals(SshHost.DEFAULT_USER)) {
            forms.add("127.0.0.1:%2$d");
        }
        return Arbitraries.of(forms);
    }

    /** The SSH agent holding only {@code key}. */
    private static Path withOnly(Path key) throws InterruptedException {
        try {
            for (List<String> command : List.of(List.of("ssh-add", "-D"), List.of("ssh-add", key.toString()))) {
                ProcessBuilder add = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                add.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
                assertThat(add.start().waitFor()).as(String.join(" ", command)).isZero();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return agentSocket;
    }
}
