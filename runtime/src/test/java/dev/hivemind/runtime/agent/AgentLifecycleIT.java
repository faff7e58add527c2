package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.supervisor.ProcessGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentLifecycleIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.withoutAgent();
    private final AgentFixture fixture = agentHome.fixture();
    private final Path temp = agentHome.directory();

    @Test
    void theSocketAndTheAgentFilesArePrivate() throws Exception {
        // when the agent starts
        fixture.start();

        // then its socket is 0600 in a 0700 directory, and it reports itself
        assertThat(mode(fixture.home.agentSocket())).isEqualTo("rw-------");
        assertThat(mode(fixture.home.agent())).isEqualTo("rwx------");
        assertThat(Files.readString(fixture.home.agent().resolve("agent.pid")).strip())
                .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        fixture.client.ensureApp("web", AgentFixture.freePort(), "127.0.0.1");
        assertThat(mode(fixture.home.agent().resolve("desired.json"))).isEqualTo("rw-------");
        AgentStatus status = fixture.client.status();
        assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.home()).isEqualTo(fixture.home.root().toString());
        assertThat(status.apps()).containsExactly("web");
        assertThat(fixture.client.isRunning()).isTrue();
    }

    @Test
    void aSecondAgentIsRefusedAndAStaleSocketIsRemoved() throws Exception {
        // given a socket file left behind by an agent that died
        Files.createDirectories(fixture.home.agent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(fixture.home.agentSocket()));
        }
        assertThat(fixture.home.agentSocket()).exists();
        assertThat(fixture.client.isRunning()).isFalse();

        // when an agent starts, it takes the socket over
        fixture.start();
        assertThat(fixture.client.isRunning()).isTrue();

        // then a second agent on the same home is refused, naming the running one
        assertThatThrownBy(() -> HostAgent.start(fixture.home, AgentFixture.FAST))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("another host agent (pid " + ProcessHandle.current().pid() + ") is already running on "
                        + fixture.home.agentSocket());
        assertThat(fixture.client.isRunning()).isTrue();
    }

    @Test
    void theShutdownCallStopsTheAgentAndItsInstances() {
        // given a running release
        fixture.start();
        int port = AgentFixture.freePort();
        fixture.client.ensureApp("web", port, "127.0.0.1");
        long pid = fixture.startHealthy("web", "r1", "v1").pid().orElseThrow();

        // when the API is asked to shut down
        fixture.client.shutdown();
        fixture.agent.awaitShutdown();

        // then the instance, the proxy, the socket and the pid file are gone, desired.json stays
        assertThat(fixture.client.isRunning()).isFalse();
        assertThat(AgentFixture.processAlive(pid)).isFalse();
        assertThat(AgentFixture.canBind(port)).isTrue();
        assertThat(fixture.home.agentSocket()).doesNotExist();
        assertThat(fixture.home.agent().resolve("agent.pid")).doesNotExist();
        assertThat(fixture.home.agent().resolve("desired.json")).exists();
    }

    @Test
    void aRestartedAgentBringsTheActiveReleaseBackOnTheSamePort() throws Exception {
        // given r1 serving and r2 started beside it
        fixture.start();
        int port = AgentFixture.freePort();
        fixture.client.ensureApp("web", port, "127.0.0.1");
        long firstPid = fixture.startHealthy("web", "r1", "v1").pid().orElseThrow();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        fixture.startHealthy("web", "r2", "v2");

        // when the agent stops and starts again
        fixture.stopAgent();
        assertThat(AgentFixture.processAlive(firstPid)).isFalse();
        assertThat(AgentFixture.canBind(port)).isTrue();
        fixture.start();

        // then the app answers on the same port from a fresh r1 process; r2 is remembered but not started
        AgentFixture.await(() -> fixture.get(port, "/"), response -> response.statusCode() == 200,
                Duration.ofSeconds(15), "the restored app to answer");
        assertThat(fixture.get(port, "/").body()).isEqualTo("hello from v1\n");
        AppView app = fixture.client.app("web").orElseThrow();
        assertThat(app.activeRelease()).contains("r1");
        assertThat(app.releases()).filteredOn(release -> !release.instances().isEmpty())
                .extracting(ReleaseView::releaseId).containsExactly("r1");
        assertThat(app.instances().getFirst().pid()).isPresent().isNotEqualTo(java.util.Optional.of(firstPid));
        assertThat(Files.readString(fixture.home.agent().resolve("desired.json"))).contains("\"r2\"");
    }

    @Test
    void removingAnAppFreesItsPortAndLeavesNoProcess() {
        // given an app with two running releases
        fixture.start();
        int port = AgentFixture.freePort();
        fixture.client.ensureApp("web", port, "127.0.0.1");
        long r1 = fixture.startHealthy("web", "r1", "v1").pid().orElseThrow();
        fixture.client.startRelease("web", fixture.launchUnderShell("r2", "v2"));
        long r2 = fixture.awaitState("web", "r2", InstanceState.HEALTHY).pid().orElseThrow();
        fixture.client.switchTo("web", "r2", Duration.ofSeconds(5));
        assertThat(fixture.get(port, "/").body()).isEqualTo("hello from v2\n");
        List<Long> processes = new ArrayList<>(new ProcessGroup(r2).members());
        assertThat(processes).as("the shell and node").hasSize(2);
        processes.add(r1);

        // when it is removed
        fixture.client.removeApp("web");

        // then the port can be bound, no process of it is left, and the agent has forgotten it
        assertThat(AgentFixture.canBind(port)).isTrue();
        assertThat(processes).noneMatch(AgentFixture::processAlive);
        assertThat(fixture.client.app("web")).isEmpty();
        assertThat(fixture.client.status().apps()).isEmpty();
        assertThatThrownBy(() -> fixture.client.removeApp("web")).isInstanceOf(InvalidInputException.class)
                .hasMessage("the agent serves no app named web");
    }

    @Test
    void aPortInUseIsAConflictNamingThePortAndAMovedProxyFreesItsOldPort() throws Exception {
        fixture.start();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // when the app's port is taken by another process
            int busy = taken.getLocalPort();
            assertThatThrownBy(() -> fixture.client.ensureApp("web", busy, "127.0.0.1"))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("port " + busy + " on 127.0.0.1 is in use by another process");
        }
        // and when it is another app's port
        int first = AgentFixture.freePort();
        fixture.client.ensureApp("api", first, "127.0.0.1");
        assertThatThrownBy(() -> fixture.client.ensureApp("web", first, "127.0.0.1"))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("port " + first + " is the public port of app api");

        // then asking again for the same port changes nothing, and moving frees the old port
        assertThat(fixture.client.ensureApp("api", first, "127.0.0.1").publicPort()).isEqualTo(first);
        int second = AgentFixture.freePort();
        AppView moved = fixture.client.ensureApp("api", second, "127.0.0.1");
        assertThat(moved.publicPort()).isEqualTo(second);
        assertThat(AgentFixture.canBind(first)).isTrue();
        assertThat(fixture.get(second, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void badRequestsAreAnsweredWithJsonErrors() throws Exception {
        fixture.start();
        fixture.client.ensureApp("web", AgentFixture.freePort(), "127.0.0.1");
        HttpClient raw = new HttpClient();
        raw.start();
        try {
            assertThat(send(raw, "POST", "/v1/apps/web/releases", "{not json"))
                    .satisfies(response -> assertThat(response.getStatus()).isEqualTo(400))
                    .satisfies(response -> assertThat(response.getContentAsString())
                            .contains("\"error\" : \"bad_request\"").contains("invalid JSON"));
            assertThat(send(raw, "POST", "/v1/apps/web/releases",
                    "{\"release_id\":\"r1\",\"directory\":\"relative/dir\",\"command\":\"true\"}").getContentAsString())
                    .contains("directory must be an absolute path");
            assertThat(send(raw, "GET", "/v1/apps/nope", "").getStatus()).isEqualTo(404);
            assertThat(send(raw, "GET", "/v1/apps/web/releases/r9", "").getStatus()).isEqualTo(404);
            assertThat(send(raw, "GET", "/v1/apps/bad%20name", "").getStatus()).isEqualTo(400);
            assertThat(send(raw, "PATCH", "/v1/apps/web", "").getStatus()).isEqualTo(405);
            assertThat(send(raw, "GET", "/v2/anything", "").getStatus()).isEqualTo(404);
        } finally {
            raw.stop();
        }
        assertThat(fixture.client.app("nope")).isEmpty();
        assertThatThrownBy(() -> fixture.client.startRelease("web", new ReleaseLaunch("r1", temp.resolve("missing"),
                "true", java.util.Map.of(), HealthSettings.defaults("/"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("release directory " + temp.resolve("missing") + " of release r1 does not exist");
    }

    @Test
    void aClientWithoutAnAgentSaysHowToStartIt() {
        assertThat(fixture.client.isRunning()).isFalse();
        assertThatThrownBy(() -> fixture.client.status()).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("the host agent does not answer")
                .satisfies(e -> assertThat(((InfrastructureException) e).remediation())
                        .startsWith("Start it with: hivemind agent start"));
    }

    @Test
    void anUnreachableAgentIsOneLineNamingTheCauseWithoutLibraryObjects() throws Exception {
        // without a socket
        assertThatThrownBy(() -> fixture.client.status()).isInstanceOf(InfrastructureException.class)
                .hasMessage("the host agent does not answer: there is no socket " + fixture.home.agentSocket()
                        + " (it is not running)");

        // with the socket an agent that was killed left behind
        Files.createDirectories(fixture.home.agent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(fixture.home.agentSocket()));
        }
        assertThatThrownBy(() -> fixture.client.status()).isInstanceOf(InfrastructureException.class)
                .hasMessage("the host agent does not answer: nothing listens on " + fixture.home.agentSocket()
                        + " (connection refused)");
    }

    private ContentResponse send(HttpClient raw, String method, String path, String body) throws Exception {
        var request = raw.newRequest("http://localhost" + path).method(method)
                .transport(new Transport.TCPUnix(fixture.home.agentSocket())).timeout(10, TimeUnit.SECONDS);
        if (!body.isEmpty()) {
            request.body(new StringRequestContent("application/json", body));
        }
        return request.send();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
