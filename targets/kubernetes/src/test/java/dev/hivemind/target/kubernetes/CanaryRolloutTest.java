package dev.hivemind.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import dev.hivemind.api.rollout.Strategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
}
