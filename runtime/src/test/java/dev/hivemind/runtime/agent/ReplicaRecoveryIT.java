package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.ReleaseState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent killed with SIGKILL while two weighted releases of two replicas each serve: all are adopted, weights kept. */
class ReplicaRecoveryIT {
    @RegisterExtension
    final DetachedAgents agents = new DetachedAgents();
    private final AgentFixture fixture = agents.fixture();
    private final int publicPort = agents.publicPort();

    @Test
    void everyReplicaAndTheWeightsComeBackAndAReleaseWithoutTrafficIsStopped() {
        // given a detached agent routing 70/30 between two releases of two replicas, and a third release without traffic
        AgentStatus first = agents.launch();
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");
        for (String release : List.of("r1", "r2", "r3")) {
            int replicas = release.equals("r3") ? 1 : 2;
            fixture.client.startRelease("web", fixture.launch(release, Map.of("VERSION", "v" + release.substring(1)))
                    .withReplicas(replicas));
            if (release.equals("r1")) {
                fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
                fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
            }
        }
        Set<Long> weighted = pids("r1", "r2");
        long unweighted = fixture.awaitRelease("web", "r3", ReleaseState.HEALTHY).instances().getFirst().pid().orElseThrow();
        fixture.client.setWeights("web", Map.of("r1", 70, "r2", 30));
        assertThat(weighted).hasSize(4);

        // when the agent is killed with SIGKILL and started again
        ProcessHandle agent = ProcessHandle.of(first.pid()).orElseThrow();
        agent.destroyForcibly();
        AgentFixture.await(agent::isAlive, alive -> !alive, Duration.ofSeconds(10), "the agent to die");
        fixture.start();

        // then the four replicas are adopted (same pids, no restart) and routed by the same weights
        AppView app = fixture.client.app("web").orElseThrow();
        assertThat(app.weights()).isEqualTo(Map.of("r1", 70, "r2", 30));
        assertThat(app.activeRelease()).contains("r1");
        assertThat(pids("r1", "r2")).isEqualTo(weighted);
        assertThat(app.release("r1").orElseThrow().instances()).allSatisfy(view -> {
            assertThat(view.restarts()).isZero();
            assertThat(view.ready()).isTrue();
        });
        Map<String, Long> byVersion = IntStream.range(0, 200).mapToObj(i -> fixture.get(publicPort, "/pid").body())
                .collect(Collectors.groupingBy(body -> body.split(" ")[0], Collectors.counting()));
        assertThat(byVersion).containsOnlyKeys("v1", "v2");
        assertThat(byVersion.get("v2")).as("r2's share at weight 30 of 100").isBetween(30L, 100L);

        // and the release without traffic is stopped rather than kept
        AgentFixture.await(() -> AgentFixture.processAlive(unweighted), alive -> !alive, Duration.ofSeconds(15),
                "the instance of the release without traffic to stop");
        assertThat(fixture.client.release("web", "r3").instances()).isEmpty();
        assertThat(fixture.home.agent().resolve("desired.json")).content().doesNotContain("\"pid\" : " + unweighted);
    }

    private Set<Long> pids(String... releases) {
        return Set.of(releases).stream()
                .flatMap(release -> fixture.awaitRelease("web", release, ReleaseState.HEALTHY).instances().stream())
                .map(view -> view.pid().orElseThrow()).collect(Collectors.toSet());
    }
}
