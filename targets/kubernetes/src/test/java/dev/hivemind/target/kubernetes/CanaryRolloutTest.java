package dev.hivemind.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.ApprovalDecision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary on fabric8's mock API server (a stand-in: no API server runs here). The mock has no pods to proxy to, so
 * the test scripts what the API server's service proxy answers for each side; the cluster has no Gateway API, so
 * the weights are the replica ratio.
 */
class CanaryRolloutTest {
    private static final RolloutPolicy POLICY = new RolloutPolicy(2,
            List.of(new CanaryStep(50, Optional.of(Duration.ofSeconds(30))), new CanaryStep(100, Optional.empty())),
            new CanaryThresholds(1.0, 1.5, Duration.ofSeconds(10), 5, 1), List.of(25, 50, 100), Optional.empty(),
            Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10), RolloutPolicy.CrashLoop.defaults());

    @TempDir
    Path home;
    private MockCluster cluster;
    private KubernetesTarget target;
    private Infrastructure infrastructure;

    @BeforeEach
    void start() {
        cluster = new MockCluster(home);
        target = cluster.target();
        infrastructure = cluster.provision(target, Strategy.CANARY, MockCluster.settings(Optional.empty(),
                Optional.empty()));
        target.deploy(cluster.release("r1", Strategy.CANARY, infrastructure, POLICY, Map.of()), cluster.progress());
    }

    @AfterEach
    void stop() {
        target.close();
        cluster.close();
    }

    private void proxyAnswers(String service, int status) {
        cluster.server.expect().get().withPath("/api/v1/namespaces/shop/services/http:" + service
                + ":http/proxy/healthz").andReturn(status, "{}").always();
    }

    private Deployment deployment(String name) {
        return cluster.client.apps().deployments().inNamespace("shop").withName(name).get();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    @Test
    void theFirstReleaseBecomesStableWithoutACanary() {
        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r1"));
        assertThat(cluster.lines).anyMatch(line -> line.contains("becomes stable without a canary"));
    }

    @Test
    void aCanaryAsGoodAsStableIsPromotedAndRemoved() {
        proxyAnswers("shop-stable", 200);
        proxyAnswers("shop-canary", 200);

        target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, POLICY, Map.of()), cluster.progress());

        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r2"));
        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(cluster.lines).anyMatch(line -> line.startsWith("canary step 1 of 2: 1 canary pod(s) beside 2 "
                + "stable: about 33 % of the traffic (asked 50 %)"));
        assertThat(cluster.lines).anyMatch(line -> line.startsWith("canary step 1 analysis: pass: canary 5 requests, "
                + "0 % errors"));
    }

    @Test
    void aCanaryThatFailsItsAnalysisIsAbortedAndStableKeepsTheOldRelease() {
        proxyAnswers("shop-stable", 200);
        proxyAnswers("shop-canary", 503);

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, POLICY,
                Map.of()), cluster.progress())).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("the canary failed its analysis at 50 %: fail: canary error rate 100 % (5 of 5)")
                .hasMessageContaining("release r1 serves again");

        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(ClusterLedger.load(cluster.home, "shop").orElseThrow().serving()).contains("r1");
    }

    private static final RolloutPolicy APPROVED_STEP = new RolloutPolicy(2,
            List.of(new CanaryStep(50, Optional.empty()), new CanaryStep(100, Optional.empty())),
            POLICY.analysis(), List.of(25, 50, 100), Optional.empty(), Optional.empty(), Duration.ofSeconds(30),
            Duration.ofSeconds(10), RolloutPolicy.CrashLoop.defaults());

    private RolloutPaused pausedAtTheApproval() {
        Throwable thrown = catchThrowable(() -> target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure,
                APPROVED_STEP, Map.of()), cluster.progress()));
        assertThat(thrown).isInstanceOf(RolloutPaused.class);
        return (RolloutPaused) thrown;
    }

    @Test
    void aStepWithoutAPausePausesTheDeploymentWithTheCanaryKeptAtItsShare() {
        RolloutPaused paused = pausedAtTheApproval();

        assertThat(paused.progress()).isEqualTo(new RolloutProgress(Strategy.CANARY, 1, 2, 50,
                RolloutProgress.AWAITING_APPROVAL, Optional.empty()));
        assertThat(paused.plan()).containsExactly("Deployment shop-canary keeps release r2 at 50 % of the traffic, "
                + "shop-stable the rest", "then continue the canary from step 2 of 2 and promote it after the last");
        assertThat(image(deployment("shop-canary"))).isEqualTo(MockCluster.image("r2"));
        assertThat(deployment("shop-canary").getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment("shop-stable").getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(cluster.lines).anyMatch(line -> line.startsWith("canary step 1 of 2: 1 canary pod(s) beside 2 "
                + "stable") && line.endsWith(", until approved"));
        assertThat(cluster.lines).noneMatch(line -> line.contains("analysis"));
        assertThat(ClusterLedger.load(cluster.home, "shop").orElseThrow().serving()).contains("r1");
    }

    @Test
    void anApprovedPauseContinuesFromTheNextStepInALaterRunAndPromotes() {
        RolloutPaused paused = pausedAtTheApproval();
        target.close();
        target = cluster.target(); // hivemind resume runs in another process
        cluster.lines.clear();

        target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, APPROVED_STEP, Map.of(),
                Optional.of(paused.progress())), cluster.progress());

        assertThat(cluster.lines).contains("canary shop-canary continues after step 1 of 2, approved");
        assertThat(cluster.lines).noneMatch(line -> line.startsWith("canary step 1 of 2"));
        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r2"));
        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(ClusterLedger.load(cluster.home, "shop").orElseThrow().serving()).contains("r2");
    }

    @Test
    void aResumeWhoseCanaryNoLongerRunsStartsTheCanaryAgain() {
        RolloutPaused paused = pausedAtTheApproval();
        cluster.client.apps().deployments().inNamespace("shop").withName("shop-canary").scale(0);
        cluster.lines.clear();

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, APPROVED_STEP,
                Map.of(), Optional.of(paused.progress())), cluster.progress())).isInstanceOf(RolloutPaused.class);

        assertThat(cluster.lines).contains("the canary of release r2 no longer runs: it starts again from step 1");
        assertThat(deployment("shop-canary").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void rejectingThePausedCanarySendsEverythingBackToStable() {
        pausedAtTheApproval();
        target.close();
        target = cluster.target();

        target.abortRollout("shop", "r2", "not today", cluster.progress());

        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r1"));
        assertThat(cluster.lines).contains("all traffic of shop is back on shop-stable; the canary of release r2 is "
                + "scaled to 0");

        target.abortRollout("shop", "r2", "again", cluster.progress());
        assertThat(cluster.lines).contains("release r2 of shop no longer runs as the canary");
    }

    @Test
    void aPauseRejectedWhileTheDeploymentRunsAbortsAtOnce() {
        Progress rejecting = answering(new ApprovalDecision.Rejected("error budget spent"));

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, APPROVED_STEP,
                Map.of()), rejecting)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("canary r2 was rejected at the pause: error budget spent; aborted at step 1 of 2 "
                        + "(50 %): all traffic is back on shop-stable");

        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r1"));
    }

    @Test
    void anApprovalGivenWhileTheDeploymentRunsGoesOnToTheNextStep() {
        Progress approving = answering(new ApprovalDecision.Approved("ana"));

        target.deploy(cluster.release("r2", Strategy.CANARY, infrastructure, APPROVED_STEP, Map.of()), approving);

        assertThat(image(deployment("shop-stable"))).isEqualTo(MockCluster.image("r2"));
        assertThat(deployment("shop-canary").getSpec().getReplicas()).isZero();
    }

    @Test
    void statusShowsTheTrafficSplitOfACanaryInProgress() {
        assertThat(target.statusNotes("shop")).noneMatch(note -> note.startsWith("traffic:"));
        pausedAtTheApproval();

        assertThat(target.statusNotes("shop")).contains("traffic: canary of release r2 in progress, 1 ready "
                + "shop-canary pod(s) beside 2 shop-stable behind Service shop: about 33 % to the canary (pod ratio)");

        cluster.client.resources(HTTPRoute.class).inNamespace("shop").resource(new HTTPRouteBuilder()
                .withNewMetadata().withName("shop").endMetadata().withNewSpec().addNewRule()
                .addNewBackendRef().withName("shop-canary").withWeight(50).endBackendRef()
                .addNewBackendRef().withName("shop-stable").withWeight(50).endBackendRef()
                .endRule().endSpec().build()).create();
        assertThat(target.statusNotes("shop")).contains("traffic: canary of release r2 in progress, HTTPRoute shop "
                + "weights shop-canary 50 %, shop-stable 50 %");

        target.abortRollout("shop", "r2", "not today", cluster.progress());
        assertThat(target.statusNotes("shop")).noneMatch(note -> note.startsWith("traffic:"));
        assertThat(cluster.client.resources(HTTPRoute.class).inNamespace("shop").withName("shop").get().getSpec()
                .getRules().getFirst().getBackendRefs()).extracting(backend -> backend.getName() + "="
                + backend.getWeight()).containsExactly("shop-canary=0", "shop-stable=100");
    }

    /** The cluster's progress lines, with {@code decision} as the answer at every pause. */
    private Progress answering(ApprovalDecision decision) {
        return new Progress() {
            @Override
            public void line(String text) {
                cluster.lines.add(text);
            }

            @Override
            public ApprovalDecision approval(List<String> plan) {
                return decision;
            }
        };
    }
}
