package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Releases of several instances behind the real proxy: balancing, weights, readiness, liveness and scaling. */
class ReplicasIT {
    private static final RolloutPolicy.Probe READY = new RolloutPolicy.Probe("/ready", Duration.ofMillis(100),
            Duration.ofSeconds(1), 2);
    private static final RolloutPolicy.Probe LIVE = new RolloutPolicy.Probe("/live", Duration.ofMillis(100),
            Duration.ofSeconds(1), 2);

    @RegisterExtension
    final AgentHome agentHome = AgentHome.serving("web");
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();

    @Test
    void fourReplicasOnTheirOwnPortsShareTheTraffic() {
        // given a release of four replicas that gets the traffic
        ReleaseView started = fixture.client.startRelease("web", launch("r1", "v1", InstancePolicy.defaults().withReplicas(4)));
        assertThat(started.instances()).extracting(InstanceView::replica).containsExactly(1, 2, 3, 4);
        ReleaseView healthy = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
        assertThat(healthy.instances()).extracting(InstanceView::port).doesNotHaveDuplicates();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when 80 requests go through the proxy
        Map<String, Long> byPid = countAnswers(80);

        // then each replica answered its share (round-robin: 20 each)
        assertThat(byPid.keySet()).containsExactlyInAnyOrderElementsOf(healthy.instances().stream()
                .map(view -> "v1 " + view.pid().orElseThrow()).toList());
        assertThat(byPid.values()).allSatisfy(count -> assertThat(count).isBetween(15L, 25L));
        assertThat(fixture.client.app("web").orElseThrow().weights()).isEqualTo(Map.of("r1", 100));
    }

    @Test
    void weightsSplitTheTrafficBetweenReleasesAndNeedAReadyInstance() {
        // given a stable release and a second one, both ready
        fixture.client.startRelease("web", launch("r1", "v1", InstancePolicy.defaults().withReplicas(2)));
        fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        fixture.client.startRelease("web", launch("r2", "v2", InstancePolicy.defaults()));
        fixture.awaitRelease("web", "r2", ReleaseState.HEALTHY);

        // when the weights are 90/10
        AppView weighted = fixture.client.setWeights("web", Map.of("r1", 90, "r2", 10));

        // then about one request in ten goes to r2, and both keep running
        assertThat(weighted.weights()).isEqualTo(Map.of("r1", 90, "r2", 10));
        assertThat(weighted.release("r2").orElseThrow().weight()).isEqualTo(10);
        assertThat(weighted.activeRelease()).contains("r1");
        Map<String, Long> byVersion = countAnswers(600).entrySet().stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().split(" ")[0],
                        Collectors.summingLong(Map.Entry::getValue)));
        assertThat(byVersion.get("v2")).as("r2's share of 600 requests at weight 10 of 100").isBetween(25L, 100L);
        assertThat(byVersion.get("v1")).isEqualTo(600 - byVersion.get("v2"));

        // and a release without a ready instance, or one the agent does not know, gets no weight
        fixture.client.startRelease("web", fixture.launch("r3", Map.of("VERSION", "v3", "NEVER_HEALTHY", "1")));
        assertThatThrownBy(() -> fixture.client.setWeights("web", Map.of("r1", 50, "r3", 50)))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("release r3 of app web has no ready instance (starting); it cannot take traffic yet");
        assertThatThrownBy(() -> fixture.client.setWeights("web", Map.of("r9", 50)))
                .hasMessageContaining("app web has no release r9");
        assertThat(fixture.client.app("web").orElseThrow().weights()).isEqualTo(Map.of("r1", 90, "r2", 10));
    }

    @Test
    void aFailingReadinessProbeTakesAnInstanceOutOfRotationUntilItPassesAgain() {
        // given two replicas with a readiness probe, serving
        InstancePolicy policy = InstancePolicy.defaults().withReplicas(2).withProbes(Optional.of(READY), Optional.empty());
        fixture.client.startRelease("web", launch("r1", "v1", policy));
        List<InstanceView> instances = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY).instances();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        InstanceView first = instances.get(0);
        InstanceView second = instances.get(1);

        // when the first one starts failing its readiness probe
        assertThat(fixture.get(first.port(), "/unready").body()).isEqualTo("ready false\n");

        // then it leaves the rotation (the release is degraded) while its process keeps running
        ReleaseView degraded = fixture.awaitRelease("web", "r1", ReleaseState.DEGRADED);
        assertThat(degraded.instances().get(0).ready()).isFalse();
        assertThat(degraded.instances().get(0).pid()).isEqualTo(first.pid());
        assertThat(countAnswers(20)).containsOnlyKeys("v1 " + second.pid().orElseThrow());

        // and when it passes again it is back in rotation
        fixture.get(first.port(), "/reready");
        fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
        assertThat(countAnswers(20)).containsOnlyKeys("v1 " + first.pid().orElseThrow(), "v1 " + second.pid().orElseThrow());
    }

    @Test
    void anInstanceWithAReadinessProbeJoinsTheRotationOnlyOnceItPasses() {
        // given a replica that passes its startup probe but not yet its readiness probe
        InstancePolicy policy = InstancePolicy.defaults().withProbes(Optional.of(READY), Optional.empty());
        fixture.client.startRelease("web", fixture.launch("r1", Map.of("VERSION", "v1", "START_UNREADY", "1"))
                .withPolicy(policy));
        InstanceView waiting = AgentFixture.await(() -> fixture.instance("web", "r1"),
                view -> view.probes().stream().anyMatch(probe -> probe.statusCode().equals(Optional.of(503))),
                Duration.ofSeconds(20), "a failed readiness probe");

        // then it is still starting and no weight can be given to it
        assertThat(waiting.state()).isEqualTo(InstanceState.STARTING);
        assertThat(waiting.ready()).isFalse();
        assertThat(fixture.client.release("web", "r1").state()).isEqualTo(ReleaseState.STARTING);
        assertThatThrownBy(() -> fixture.client.switchTo("web", "r1", Duration.ofSeconds(1)))
                .isInstanceOf(DeploymentException.class);

        // and once its readiness probe passes, it is healthy and takes the traffic
        fixture.get(waiting.port(), "/reready");
        fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(1));
        assertThat(fixture.get(publicPort, "/pid").body()).isEqualTo("v1 " + waiting.pid().orElseThrow() + "\n");
    }

    @Test
    void aFailingLivenessProbeRestartsTheInstance() {
        // given a replica with a liveness probe
        InstancePolicy policy = InstancePolicy.defaults().withProbes(Optional.empty(), Optional.of(LIVE));
        fixture.client.startRelease("web", launch("r1", "v1", policy));
        InstanceView before = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY).instances().getFirst();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when its liveness probe starts failing
        fixture.get(before.port(), "/die");

        // then it is stopped and started again: a new process on the same port, serving
        InstanceView after = AgentFixture.await(() -> fixture.instance("web", "r1"),
                view -> view.restarts() == 1 && view.ready(), Duration.ofSeconds(20), "a restart after the liveness failure");
        assertThat(after.pid()).isPresent().isNotEqualTo(before.pid());
        assertThat(after.port()).isEqualTo(before.port());
        assertThat(AgentFixture.processAlive(before.pid().orElseThrow())).isFalse();
        assertThat(after.lastLogLines()).anySatisfy(line -> assertThat(line).contains("fails its liveness probe; restarting it"));
        assertThat(fixture.get(publicPort, "/pid").body()).isEqualTo("v1 " + after.pid().orElseThrow() + "\n");
    }

    @Test
    void scalingDownDrainsTheRequestsInFlightOnTheRemovedInstancesAndScalingUpAddsReadyOnes() throws Exception {
        // given two replicas, each busy with a slow request
        InstancePolicy policy = InstancePolicy.defaults().withReplicas(2).withDrain(Duration.ofSeconds(10), Duration.ofSeconds(2));
        fixture.client.startRelease("web", launch("r1", "v1", policy));
        List<InstanceView> instances = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY).instances();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, 2).mapToObj(i ->
                CompletableFuture.supplyAsync(() -> fixture.get(publicPort, "/slow?ms=2000"))).toList();
        AgentFixture.sleep(Duration.ofMillis(500));

        // when the release is scaled down to one
        ReleaseView scaled = fixture.client.scaleRelease("web", "r1", 1);

        // then the newest replica leaves at once, its request still finishes, and only then is it stopped
        assertThat(scaled.instances()).extracting(InstanceView::replica).containsExactly(1);
        assertThat(scaled.replicas()).isEqualTo(1);
        long removed = instances.get(1).pid().orElseThrow();
        assertThat(AgentFixture.processAlive(removed)).as("draining, not stopped yet").isTrue();
        for (CompletableFuture<HttpResponse<String>> request : slow) {
            HttpResponse<String> answer = request.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("slow v1\n");
        }
        AgentFixture.await(() -> AgentFixture.processAlive(removed), alive -> !alive, Duration.ofSeconds(10),
                "the drained replica to stop");
        assertThat(countAnswers(10)).containsOnlyKeys("v1 " + instances.get(0).pid().orElseThrow());

        // and scaling up to three adds two replicas that join the rotation once ready
        fixture.client.scaleRelease("web", "r1", 3);
        ReleaseView grown = fixture.awaitRelease("web", "r1", ReleaseState.HEALTHY);
        assertThat(grown.instances()).extracting(InstanceView::replica).containsExactly(1, 2, 3);
        assertThat(countAnswers(30)).hasSize(3);
        assertThat(fixture.home.agent().resolve("desired.json")).content().contains("\"replicas\" : 3");
    }

    private ReleaseLaunch launch(String releaseId, String version, InstancePolicy policy) {
        return fixture.launch(releaseId, Map.of("VERSION", version)).withPolicy(policy);
    }

    /** Sends requests for /pid through the proxy; counts the answers ("VERSION PID") by body. */
    private Map<String, Long> countAnswers(int requests) {
        return IntStream.range(0, requests).mapToObj(i -> fixture.get(publicPort, "/pid"))
                .peek(response -> assertThat(response.statusCode()).as(response.body()).isEqualTo(200))
                .map(response -> response.body().strip())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
