package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.supervisor.AppUser;
import dev.hivemind.runtime.supervisor.Backoff;
import dev.hivemind.runtime.supervisor.LogPolicy;
import dev.hivemind.runtime.supervisor.ProcessGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A host agent running inside the test on a temporary HIVEMIND_HOME, with small node apps and an HTTP client. */
public final class AgentFixture implements AutoCloseable {
    static final AgentSettings FAST = AgentSettings.defaults()
            .withRestartBackoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(800)))
            .withStopGrace(Duration.ofSeconds(3))
            .withLogs(new LogPolicy(4096, 3, Duration.ofMillis(100)));

    final Path root;
    public final HivemindHome home;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    HostAgent agent;
    public final AgentClient client;

    public AgentFixture(Path root) {
        this.root = root;
        this.home = new HivemindHome(root.resolve("home"));
        this.client = AgentClient.connect(home);
    }

    public AgentFixture start() {
        return start(FAST);
    }

    /** Starts the agent with other settings than {@link #FAST}'s (a shorter proxy timeout, say). */
    public AgentFixture start(AgentSettings settings) {
        agent = HostAgent.start(home, settings);
        return this;
    }

    public void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    @Override
    public void close() {
        if (agent != null && client.isRunning()) {
            // as root each app has a user of its own: destroying the apps removes them (and whatever they left)
            client.status().apps().forEach(client::removeApp);
        }
        stopAgent();
        removeAppUsers();
        client.close();
        http.close();
    }

    /**
     * Removes the users of this home's apps that are left (a test killed or stopped its agent without destroying its
     * apps), with whatever they still run, so tests run as root leave no users behind.
     */
    void removeAppUsers() {
        try {
            AppUser.removeAllOf(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A release directory holding the test app. */
    Path releaseDirectory(String name) {
        Path directory = root.resolve("releases").resolve(name);
        try (InputStream app = AgentFixture.class.getResourceAsStream("/apps/server.js")) {
            Files.createDirectories(directory);
            Files.write(directory.resolve("server.js"), app.readAllBytes());
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HealthSettings fastHealth() {
        return new HealthSettings("/health", Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofSeconds(15));
    }

    public ReleaseLaunch launch(String releaseId, Map<String, String> environment) {
        return launch(releaseId, environment, fastHealth());
    }

    public ReleaseLaunch launch(String releaseId, Map<String, String> environment, HealthSettings health) {
        return new ReleaseLaunch(releaseId, releaseDirectory(releaseId), "exec node server.js", environment, health);
    }

    /** A release whose shell stays the group leader, node running as its child. */
    ReleaseLaunch launchUnderShell(String releaseId, String version) {
        return new ReleaseLaunch(releaseId, releaseDirectory(releaseId), "node server.js; echo node exited",
                Map.of("VERSION", version), fastHealth());
    }

    /** Starts the release and waits until it is healthy. */
    InstanceView startHealthy(String app, String releaseId, String version) {
        client.startRelease(app, launch(releaseId, Map.of("VERSION", version)));
        return awaitState(app, releaseId, InstanceState.HEALTHY);
    }

    /** Waits until the release's first instance is in the state. */
    public InstanceView awaitState(String app, String releaseId, InstanceState state) {
        return await(() -> instance(app, releaseId), view -> view.state() == state, Duration.ofSeconds(20),
                "release " + releaseId + " to be " + state);
    }

    ReleaseView awaitRelease(String app, String releaseId, ReleaseState state) {
        return await(() -> client.release(app, releaseId), view -> view.state() == state, Duration.ofSeconds(30),
                "release " + releaseId + " to be " + state.wire());
    }

    /** Waits until the release's first instance has logged that a {@code /slow} request reached it. */
    void awaitSlowRequest(String app, String releaseId) {
        await(() -> instance(app, releaseId), view -> view.lastLogLines().stream()
                .anyMatch(line -> line.contains("slow request received")), Duration.ofSeconds(10),
                "a slow request to reach release " + releaseId);
    }

    /** The release's first instance. */
    InstanceView instance(String app, String releaseId) {
        return client.release(app, releaseId).first().orElseThrow();
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("waiting for " + what + "; last seen: " + last).isLessThan(deadline);
            sleep(Duration.ofMillis(50));
            last = probe.get();
        }
        return last;
    }

    HttpResponse<String> get(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean processAlive(long pid) {
        return new ProcessGroup(pid).alive() || ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> !isZombie(handle.pid())).isPresent();
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
