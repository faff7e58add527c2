package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.runtime.client.InstanceNetwork;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.supervisor.NetworkNamespace;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps that listen on a port of their own whatever {@code PORT} says: the agent finds the port in the instance's
 * listening sockets and routes there; and, as root, it runs each instance in a network namespace of its own, so two
 * releases listen on the same port side by side and the port stays off the host.
 */
class FixedPortIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.serving("pinned");
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();

    @Test
    void anInstanceThatIgnoresPortIsFoundOnThePortItListensOnAndServes() {
        // given an app that listens on a port of its own, not on the PORT it is given
        int pinned = AgentFixture.freePort();
        ReleaseLaunch launch = pinnedLaunch("r1", pinned, "v1");

        // when it starts, with nothing telling the agent about its port
        fixture.client.startRelease("pinned", launch);
        InstanceView healthy = fixture.awaitState("pinned", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("pinned", "r1", Duration.ofSeconds(5));

        // then it is probed and routed where it listens, and says so in its log
        assertThat(healthy.port()).isEqualTo(pinned);
        assertThat(healthy.givenPort()).isNotEqualTo(pinned);
        assertThat(healthy.ignoresPort()).isTrue();
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        assertThat(fixture.instance("pinned", "r1").lastLogLines()).anySatisfy(line -> assertThat(line)
                .contains("release r1 replica 1 listens on 127.0.0.1:" + pinned + ", not on " + healthy.givenPort()
                        + " (the PORT it was given): probing and routing to 127.0.0.1:" + pinned));
    }

    @Test
    void asRootEachInstanceGetsANamespaceSoReleasesOnOnePortSwitchUnderLoadWithoutAFailedRequest() throws Exception {
        assumeTrue(NetworkNamespace.supported(), "network namespaces need root, ip and nsenter");
        // given release r1 of an app pinned to one port, in its own namespace, serving
        int pinned = AgentFixture.freePort();
        fixture.client.startRelease("pinned", pinnedLaunch("r1", pinned, "v1")
                .withNetwork(InstanceNetwork.namespace(pinned)));
        InstanceView first = fixture.awaitState("pinned", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("pinned", "r1", Duration.ofSeconds(5));
        assertThat(first.namespace()).isPresent();
        assertThat(first.address()).startsWith("169.254.").isNotEqualTo("127.0.0.1");
        assertThat(first.port()).isEqualTo(pinned);
        assertThat(AgentFixture.canBind(pinned)).as("the instance's port is not on the host").isTrue();

        // when r2, pinned to the same port, starts beside it and takes the traffic of four busy clients
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = load(running, succeeded, failures);
        AgentFixture.sleep(Duration.ofMillis(300));
        fixture.client.startRelease("pinned", pinnedLaunch("r2", pinned, "v2")
                .withNetwork(InstanceNetwork.namespace(pinned)));
        InstanceView second = fixture.awaitState("pinned", "r2", InstanceState.HEALTHY);
        fixture.client.switchTo("pinned", "r2", Duration.ofSeconds(5));
        AgentFixture.sleep(Duration.ofMillis(500));
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }

        // then both ran at once on the same port, no request failed, and r1's namespace is gone once it stopped
        assertThat(second.namespace()).isPresent().isNotEqualTo(first.namespace());
        assertThat(second.address()).isNotEqualTo(first.address());
        assertThat(failures).isEmpty();
        assertThat(succeeded.get()).isGreaterThan(20);
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v2\n");
        fixture.awaitState("pinned", "r1", InstanceState.STOPPED);
        Path gone = Path.of("/run/netns", first.namespace().orElseThrow());
        AgentFixture.await(() -> Files.exists(gone), exists -> !exists, Duration.ofSeconds(10),
                gone + " to be removed");
    }

    /** The test app told to listen on {@code port} whatever PORT the agent gives it. */
    private ReleaseLaunch pinnedLaunch(String releaseId, int port, String version) {
        ReleaseLaunch plain = fixture.launch(releaseId, Map.of("VERSION", version));
        return new ReleaseLaunch(releaseId, plain.directory(), "PORT=" + port + " exec node server.js",
                plain.environment(), plain.health());
    }

    private List<Thread> load(AtomicBoolean running, AtomicInteger succeeded, ConcurrentLinkedQueue<String> failures) {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = fixture.get(publicPort, "/");
                        if (response.statusCode() == 200 && response.body().startsWith("hello from v")) {
                            succeeded.incrementAndGet();
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        return clients;
    }
}
