package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.analyzer.testing.OpenSshServer;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.RetryCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clones over ssh from a real OpenSSH server on a free loopback port, as a user whose home is a temporary directory:
 * its {@code .ssh} holds the client key, known_hosts and config, and the real ~/.ssh is never read.
 */
class GitSshCloneIT {
    private static final String USER = System.getProperty("user.name");

    @TempDir
    static Path shared;
    private static Path bare;
    private static Path clientKey;
    private static OpenSshServer server;

    @TempDir
    Path work;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSshd() throws IOException {
        Optional<String> unavailable = OpenSshServer.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "OpenSSH's sshd cannot run here: " + unavailable.orElseThrow());
        Path app = shared.resolve("source");
        write(app, "package.json", "{\"name\": \"app\", \"scripts\": {\"start\": \"node server.js\"}}\n");
        write(app, "server.js", "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
        bare = GitDaemon.createBareRepository(app, shared.resolve("repositories"), "app");
        clientKey = OpenSshServer.createKey(shared.resolve("client/id_ed25519"));
        server = OpenSshServer.start(shared.resolve("sshd"), clientKey.resolveSibling("id_ed25519.pub"));
    }

    @AfterAll
    static void stopSshd() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clonesAnSshUrlAndRecordsTheHostKeySeenFirst() throws IOException {
        Path home = home(clientKey, "id_ed25519");
        String url = server.url(USER, bare);

        FetchedSource fetched = fetcher(home).fetch(new SourceLocation.GitUrl(url), work.resolve("first"),
                progress::add);
        FetchedSource again = fetcher(home).fetch(new SourceLocation.GitUrl(url), work.resolve("second"),
                progress::add);

        assertThat(fetched.reference()).isEqualTo(new GitReference(url, Optional.of(GitDaemon.BRANCH),
                Optional.of(GitDaemon.headCommit(bare))));
        assertThat(work.resolve("first/package.json")).exists();
        assertThat(work.resolve("first/server.js")).exists();
        assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).contains(server.knownHostsLine());
        assertThat(again.reference().commit()).contains(GitDaemon.headCommit(bare));
    }

    @Test
    void clonesAnScpLikeUrlThroughAHostAliasOfTheSshConfig() throws IOException {
        Path home = home(clientKey, "deploy_key");
        write(home, ".ssh/config", """
                Host hivemind-git
                  HostName 127.0.0.1
                  Port %d
                  IdentityFile ~/.ssh/deploy_key
                """.formatted(server.port()));
        String url = USER + "@hivemind-git:" + bare;

        FetchedSource fetched = fetcher(home).fetch(new SourceLocation.GitUrl(url), work.resolve("checkout"),
                progress::add);

        assertThat(fetched.reference()).isEqualTo(new GitReference(url, Optional.of(GitDaemon.BRANCH),
                Optional.of(GitDaemon.headCommit(bare))));
        assertThat(work.resolve("checkout/package.json")).exists();
    }

    @Test
    void refusesWhenTheServerAcceptsNoneOfTheKeys() throws IOException {
        Path home = home(OpenSshServer.createKey(work.resolve("stranger/id_ed25519")), "id_ed25519");
        String url = server.url(USER, bare);
        Path checkout = work.resolve("checkout");

        assertThatThrownBy(() -> fetcher(home).fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage())
                            .startsWith("the SSH server of " + url + " accepted none of the keys this machine offered: ")
                            .contains("server refused ssh-ed25519 key ~/.ssh/id_ed25519");
                    assertThat(error.remediation()).contains("deploy key", home.resolve(".ssh").toString());
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                });
        assertThat(checkout).doesNotExist();
    }

    @Test
    void refusesAServerWhoseHostKeyChanged() throws IOException {
        Path home = home(clientKey, "id_ed25519");
        Path impostor = OpenSshServer.createKey(work.resolve("impostor/key"));
        String recorded = server.knownHostsName() + " " + OpenSshServer.publicKey(impostor) + "\n";
        Path knownHosts = write(home, ".ssh/known_hosts", recorded);
        String url = server.url(USER, bare);
        Path checkout = work.resolve("checkout");
        String fingerprint = server.hostKeyFingerprint();

        assertThatThrownBy(() -> fetcher(home).fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("the SSH host key of " + server.knownHostsName()
                            + " has changed: the server sent the ssh-ed25519 key " + fingerprint
                            + ", but " + knownHosts + " records a different key for " + server.knownHostsName());
                    assertThat(error.remediation()).contains("ssh-keygen -R '" + server.knownHostsName() + "'");
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                });
        assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
        assertThat(checkout).doesNotExist();
    }

    @Test
    void refusesAnUnknownHostWhenTheSshConfigRequiresAKnownOne() throws IOException {
        Path home = home(clientKey, "id_ed25519");
        write(home, ".ssh/config", "StrictHostKeyChecking yes\n");
        String url = server.url(USER, bare);

        assertThatThrownBy(() -> fetcher(home).fetch(new SourceLocation.GitUrl(url), work.resolve("checkout"),
                progress::add)).isInstanceOf(InvalidInputException.class)
                .hasMessage("the SSH host key of " + server.knownHostsName() + " (ssh-ed25519 key "
                        + server.hostKeyFingerprint() + ") is not in " + home.resolve(".ssh/known_hosts")
                        + " and the ssh config sets StrictHostKeyChecking yes");
        assertThat(home.resolve(".ssh/known_hosts")).doesNotExist();
    }

    @Test
    void reportsAPortNobodyListensOnAsARetryableNetworkError() throws IOException {
        Path home = home(clientKey, "id_ed25519");
        String url = "ssh://" + USER + "@127.0.0.1:" + GitDaemon.freePort() + "/srv/app.git";
        Path checkout = work.resolve("checkout");

        assertThatThrownBy(() -> fetcher(home).fetch(new SourceLocation.GitUrl(url), checkout, progress::add))
                .isInstanceOfSatisfying(NetworkException.class, error -> {
                    assertThat(error.getMessage()).startsWith("cannot reach the git repository " + url)
                            .containsIgnoringCase("connection refused");
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NETWORK);
                });
        assertThat(checkout).doesNotExist();
    }

    @Test
    void clonesThroughTheProgramGitSshNamesInsteadOfTheBuiltInClient() throws IOException {
        Path keyless = Files.createDirectories(work.resolve("keyless-home/.ssh")).getParent();
        Path config = write(work, "openssh/config", """
                Host *
                  IdentityFile %s
                  IdentitiesOnly yes
                  UserKnownHostsFile %s
                  StrictHostKeyChecking accept-new
                  BatchMode yes
                """.formatted(clientKey, work.resolve("openssh/known_hosts")));
        Path gitSsh = write(work, "openssh/ssh", "#!/bin/sh\nexec ssh -F '" + config + "' \"$@\"\n");
        Files.setPosixFilePermissions(gitSsh, PosixFilePermissions.fromString("rwx------"));
        String url = server.url(USER, bare);
        SystemReader original = SystemReader.getInstance();
        SystemReader.setInstance(new SystemReader.Delegate(original) {
            @Override
            public String getenv(String variable) {
                return "GIT_SSH".equals(variable) ? gitSsh.toString() : super.getenv(variable);
            }
        });
        try {
            FetchedSource fetched = fetcher(keyless).fetch(new SourceLocation.GitUrl(url), work.resolve("checkout"),
                    progress::add);

            assertThat(fetched.reference().commit()).contains(GitDaemon.headCommit(bare));
            assertThat(work.resolve("openssh/known_hosts")).content().contains(OpenSshServer.publicKey(
                    shared.resolve("sshd/ssh_host_ed25519_key")));
        } finally {
            SystemReader.setInstance(original);
        }
    }

    private static GitSourceFetcher fetcher(Path home) {
        return new GitSourceFetcher(Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(20), new SshHome(home));
    }

    /** A home directory whose .ssh holds {@code key} (and its public half) under {@code name}. */
    private Path home(Path key, String name) throws IOException {
        Path ssh = Files.createDirectories(work.resolve("home/.ssh"));
        Files.copy(key, ssh.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(key.resolveSibling(key.getFileName() + ".pub"), ssh.resolve(name + ".pub"));
        return ssh.getParent();
    }
}
