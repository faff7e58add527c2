package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.InstanceNetwork;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.supervisor.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent killed with SIGKILL while an instance runs in a network namespace of its own (as root): the agent started
 * again adopts it there (same pid, same address and port) and routes to it at once; stopping it removes the namespace.
 */
class NamespaceRecoveryIT {
    @RegisterExtension
    final DetachedAgents agents = new DetachedAgents();
    private final AgentFixture fixture = agents.fixture();
    private final int publicPort = agents.publicPort();

    @Test
    void anInstanceInItsOwnNamespaceIsAdoptedThereAfterAnAgentCrash() {
        assumeTrue(NetworkNamespace.supported(), "network namespaces need root, ip and nsenter");
        // given a detached agent serving a release pinned to a port, in a namespace of its own
        AgentStatus first = agents.launch();
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");
        int pinned = AgentFixture.freePort();
        ReleaseLaunch plain = fixture.launch("r1", Map.of("VERSION", "v1"));
        fixture.client.startRelease("web", new ReleaseLaunch("r1", plain.directory(), "PORT=" + pinned
                + " exec node server.js", plain.environment(), plain.health()).withNetwork(
                InstanceNetwork.namespace(pinned)));
        InstanceView before = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY).instances().getFirst();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when the agent is killed with SIGKILL and started again
        ProcessHandle agent = ProcessHandle.of(first.pid()).orElseThrow();
        agent.destroyForcibly();
        AgentFixture.await(agent::isAlive, alive -> !alive, Duration.ofSeconds(10), "the agent to die");
        fixture.start();

        // then the instance is adopted where it runs and serves through the proxy
        InstanceView after = fixture.client.release("web", "r1").instances().getFirst();
        assertThat(after.pid()).isEqualTo(before.pid());
        assertThat(after.namespace()).isEqualTo(before.namespace()).isPresent();
        assertThat(after.endpoint()).isEqualTo(before.endpoint()).endsWith(":" + pinned);
        assertThat(after.restarts()).isZero();
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");

        // and stopping it removes its namespace
        fixture.client.stopRelease("web", "r1");
        Path namespace = Path.of("/run/netns", before.namespace().orElseThrow());
        AgentFixture.await(() -> Files.exists(namespace), exists -> !exists, Duration.ofSeconds(10),
                namespace + " to be removed");
    }
}
