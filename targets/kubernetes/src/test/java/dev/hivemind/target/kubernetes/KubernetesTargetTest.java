package dev.hivemind.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.RollingUpdate;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.target.kubernetes.DeploymentController.Behaviour;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes target against fabric8's mock API server in CRUD mode, a stand-in for a real API server (none can run
 * here), with a test-side controller in place of Kubernetes' own. What the mock cannot show (server-side apply's
 * merging, admission, scheduling, networking) is verified only by scripts/test-kubernetes on a real cluster.
 */
class KubernetesTargetTest {
    private static final RolloutPolicy TWO = RolloutPolicy.defaults().withReplicas(2);

    @TempDir
    Path home;
    private MockCluster cluster;
    private KubernetesTarget target;

    @BeforeEach
    void start() {
        cluster = new MockCluster(home);
        target = cluster.target();
    }

    @AfterEach
    void stop() {
        target.close();
        cluster.close();
    }

    private Infrastructure provision(Strategy strategy) {
        return cluster.provision(target, strategy, MockCluster.settings(Optional.empty(), Optional.empty()));
    }

    private Deployment deployment(String name) {
        return cluster.client.apps().deployments().inNamespace("shop").withName(name).get();
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    @Test
    void aRollingDeployAppliesTheAppsLabelledObjectsAndWaitsUntilItsPodsAreReady() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);

        var config = target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO,
                Map.of("API_KEY", "s3cret-value")), cluster.progress());

        Deployment deployment = deployment("shop");
        assertThat(image(deployment)).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnvFrom().getFirst()
                .getSecretRef().getName()).startsWith("shop-env-");
        List<HasMetadata> objects = new ClusterInventory(cluster.client, "shop", "shop").remaining();
        assertThat(objects).extracting(HasMetadata::getKind).contains("Namespace", "ServiceAccount", "Secret",
                "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "Pod");
        assertThat(objects).filteredOn(object -> !object.getKind().equals("Pod")).allSatisfy(object ->
                assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "hivemind")
                        .containsEntry("app.kubernetes.io/name", "shop").containsEntry(ObjectApplier.DEPLOYMENT, "r1"));
        Secret secret = cluster.client.secrets().inNamespace("shop").withName(deployment.getSpec().getTemplate()
                .getSpec().getContainers().getFirst().getEnvFrom().getFirst().getSecretRef().getName()).get();
        assertThat(value(secret, "API_KEY")).isEqualTo("s3cret-value");
        assertThat(config.environmentVariables()).containsEntry("API_KEY", "***");
        assertThat(String.join("\n", cluster.lines)).doesNotContain("s3cret-value");
        assertThat(readLedger()).doesNotContain("s3cret-value").contains(MockCluster.image("r1"));
    }

    @Test
    void aRollingDeploysDeploymentHasTheSurgeAndUnavailabilityOfHivemindYaml() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        RolloutPolicy policy = TWO;
        RolloutPolicy counted = new RolloutPolicy(4, policy.canarySteps(), policy.analysis(), policy.rollingBatches(),
                policy.readiness(), policy.liveness(), policy.drainTimeout(), policy.stopGrace(), policy.crashLoop(),
                policy.limits(), new RollingUpdate(Optional.of("2"), Optional.of("10%")));

        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, counted, Map.of()), cluster.progress());

        var rolling = deployment("shop").getSpec().getStrategy().getRollingUpdate();
        assertThat(rolling.getMaxSurge().getIntVal()).isEqualTo(2);
        assertThat(rolling.getMaxUnavailable().getStrVal()).isEqualTo("10%");
        assertThat(deployment("shop").getStatus().getReadyReplicas()).isEqualTo(4);

        RolloutPolicy unavailableOnly = new RolloutPolicy(2, policy.canarySteps(), policy.analysis(), List.of(50, 100),
                policy.readiness(), policy.liveness(), policy.drainTimeout(), policy.stopGrace(), policy.crashLoop(),
                policy.limits(), new RollingUpdate(Optional.empty(), Optional.of("1")));
        target.deploy(cluster.release("r2", Strategy.ROLLING, infrastructure, unavailableOnly, Map.of()),
                cluster.progress());

        rolling = deployment("shop").getSpec().getStrategy().getRollingUpdate();
        assertThat(rolling.getMaxSurge().getStrVal()).isEqualTo("50%");
        assertThat(rolling.getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(image(deployment("shop"))).isEqualTo(MockCluster.image("r2"));
    }

    private static String value(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private String readLedger() {
        try {
            return Files.readString(ClusterLedger.file(cluster.home, "shop"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRolloutThatNeverBecomesReadyTimesOutAndThePreviousImageServesAgain() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.controller.image(MockCluster.image("r2"), Behaviour.NEVER_READY);

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.ROLLING, infrastructure, TWO, Map.of()),
                cluster.progress())).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("did not roll out within 120 s: 0 of 2 pod(s) ready")
                .hasMessageContaining("release r1 serves again");

        assertThat(image(deployment("shop"))).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment("shop").getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void aDeploymentThatStopsProgressingAbortsWithoutWaitingForTheTimeout() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.controller.image(MockCluster.image("r2"), Behaviour.FAIL);
        int before = cluster.controller.reconciles();

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.ROLLING, infrastructure, TWO, Map.of()),
                cluster.progress())).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("stopped progressing: ProgressDeadlineExceeded");

        assertThat(cluster.controller.reconciles() - before).isLessThan(10);
        assertThat(image(deployment("shop"))).isEqualTo(MockCluster.image("r1"));
    }

    @Test
    void blueGreenSwitchesTheServiceOnlyOnceTheNewColourIsReadyAndKeepsTheOldOne() {
        Infrastructure infrastructure = provision(Strategy.BLUE_GREEN);
        target.deploy(cluster.release("r1", Strategy.BLUE_GREEN, infrastructure, TWO, Map.of()), cluster.progress());
        assertThat(selector()).containsEntry("hivemind.dev/track", "blue");

        target.deploy(cluster.release("r2", Strategy.BLUE_GREEN, infrastructure, TWO, Map.of()), cluster.progress());

        assertThat(selector()).containsEntry("hivemind.dev/track", "green");
        assertThat(image(deployment("shop-green"))).isEqualTo(MockCluster.image("r2"));
        assertThat(image(deployment("shop-blue"))).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment("shop-blue").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aBlueGreenColourThatNeverBecomesReadyLeavesTheServiceOnTheOldColour() {
        Infrastructure infrastructure = provision(Strategy.BLUE_GREEN);
        target.deploy(cluster.release("r1", Strategy.BLUE_GREEN, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.controller.image(MockCluster.image("r2"), Behaviour.NEVER_READY);

        assertThatThrownBy(() -> target.deploy(cluster.release("r2", Strategy.BLUE_GREEN, infrastructure, TWO,
                Map.of()), cluster.progress())).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("Deployment shop/shop-green did not roll out");

        assertThat(selector()).containsEntry("hivemind.dev/track", "blue");
        assertThat(deployment("shop-green").getSpec().getReplicas()).isZero();
    }

    @Test
    void rollbackRunsThePreviousImageAgainWithoutRebuilding() {
        Infrastructure infrastructure = provision(Strategy.BLUE_GREEN);
        target.deploy(cluster.release("r1", Strategy.BLUE_GREEN, infrastructure, TWO, Map.of()), cluster.progress());
        target.deploy(cluster.release("r2", Strategy.BLUE_GREEN, infrastructure, TWO, Map.of()), cluster.progress());

        var result = target.rollback("shop", Optional.empty(), cluster.progress());

        assertThat(result.fromRelease()).isEqualTo("r2");
        assertThat(result.toRelease()).isEqualTo("r1");
        assertThat(selector()).containsEntry("hivemind.dev/track", "blue");
        assertThat(image(deployment("shop-blue"))).isEqualTo(MockCluster.image("r1"));
        assertThat(cluster.published).containsExactly("r1", "r2");
    }

    @Test
    void aRollingRollbackUpdatesTheDeploymentToTheEarlierDigest() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        target.deploy(cluster.release("r2", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());

        target.rollback("shop", Optional.of("r1"), cluster.progress());

        assertThat(image(deployment("shop"))).isEqualTo(MockCluster.image("r1"));
        assertThat(deployment("shop").getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("hivemind.dev/release", "r1");
        assertThatThrownBy(() -> target.rollback("shop", Optional.of("r9"), cluster.progress()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("release r9 of shop is not among");
    }

    @Test
    void destroyDeletesEverythingLabelledAndChecksNothingIsLeft() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of("A", "b")),
                cluster.progress());

        target.destroy("shop", cluster.progress());

        assertThat(new ClusterInventory(cluster.client, "shop", "shop").remaining()).isEmpty();
        assertThat(cluster.lines).anyMatch(line -> line.startsWith("leak check: nothing labelled as shop's"));
        assertThat(ClusterLedger.load(cluster.home, "shop")).isEmpty();
    }

    @Test
    void destroyFailsNamingWhatIsLeftWhenALabelledObjectStays() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("held").withNamespace("shop").addToLabels("app.kubernetes.io/managed-by", "hivemind")
                .addToLabels("app.kubernetes.io/name", "shop").addToFinalizers("example.com/hold").endMetadata()
                .build()).create();

        assertThatThrownBy(() -> target.destroy("shop", cluster.progress()))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("ConfigMap shop/held (held by finalizer example.com/hold)");
        assertThat(ClusterLedger.load(cluster.home, "shop")).isPresent();
    }

    @Test
    void withoutARegistryProvisionRefusesBeforeTouchingTheCluster() {
        var settings = new dev.hivemind.api.remote.ClusterSettings(Optional.empty(), Optional.of("shop"),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThatThrownBy(() -> cluster.provision(target, Strategy.ROLLING, settings))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a registry")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation()).contains("--registry"));
        assertThat(cluster.client.namespaces().list().getItems()).isEmpty();
    }

    @Test
    void statusShowsEachPodWithItsReleaseAndReadiness() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());

        var rows = target.hostStatus("shop");

        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.release()).contains("r1");
            assertThat(row.ready()).isEqualTo(1);
            assertThat(row.host()).startsWith("pod shop-").endsWith("(0 restarts)");
        });
    }

    @Test
    void aDomainGetsAnIngressWithTheCertManagerIssuerAndTheUrlIsHttps() {
        Infrastructure infrastructure = cluster.provision(target, Strategy.ROLLING, MockCluster.settings(
                Optional.of("shop.example.com"), Optional.of("letsencrypt")));

        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());

        var ingress = cluster.client.network().v1().ingresses().inNamespace("shop").withName("shop").get();
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer",
                "letsencrypt");
        assertThat(ingress.getSpec().getTls().getFirst().getHosts()).containsExactly("shop.example.com");
        assertThat(target.publicUrl(infrastructure)).isEqualTo("https://shop.example.com");
        try (var reach = target.reach("shop", infrastructure, target.publicUrl(infrastructure))) {
            assertThat(reach.url()).isEqualTo("https://shop.example.com");
            assertThat(reach.how()).isEmpty();
        }
        var security = target.harden("shop", null, infrastructure);
        assertThat(security.securityScore()).as(security.toString()).isEqualTo(100);
        assertThat(security.sslEnabled()).isTrue();
        assertThat(security.vulnerabilityScanResults()).allSatisfy(check -> assertThat(check.passed()).isTrue());
    }

    @Test
    void theHardeningScoreNamesWhatWasLoosenedOnTheCluster() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.client.network().v1().networkPolicies().inNamespace("shop").withName("shop").delete();
        cluster.client.apps().deployments().inNamespace("shop").withName("shop").edit(deployment -> {
            deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getSecurityContext()
                    .setAllowPrivilegeEscalation(true);
            return deployment;
        });

        var security = target.harden("shop", null, infrastructure);

        assertThat(security.securityScore()).isLessThan(100);
        assertThat(String.join("\n", security.recommendations())).contains("allowPrivilegeEscalation: false")
                .contains("NetworkPolicy");
    }

    @Test
    void aNamespaceThatIsNotHiveMindsIsLeftAsItIsAndSurvivesDestroy() {
        cluster.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("shop").addToLabels("team", "payments").endMetadata().build()).create();
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());

        target.destroy("shop", cluster.progress());

        var namespace = cluster.client.namespaces().withName("shop").get();
        assertThat(namespace).isNotNull();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("team", "payments")
                .doesNotContainKey("pod-security.kubernetes.io/enforce");
    }

    @Test
    void logsPrintEachPodsLogPrefixedWithItsName() {
        Infrastructure infrastructure = provision(Strategy.ROLLING);
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, TWO, Map.of()), cluster.progress());
        cluster.server.expect().get().withPath("/api/v1/namespaces/shop/pods/shop-0/log?pretty=false")
                .andReturn(200, "listening on 3000\nGET /healthz 200\n").always();
        cluster.server.expect().get().withPath("/api/v1/namespaces/shop/pods/shop-1/log?pretty=false")
                .andReturn(200, "listening on 3000\n").always();
        var bytes = new java.io.ByteArrayOutputStream();

        boolean printed = target.printAppLogs("shop", Optional.empty(), false, new java.io.PrintStream(bytes, true,
                StandardCharsets.UTF_8));

        assertThat(printed).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("shop-0 | listening on 3000\n"
                + "shop-0 | GET /healthz 200\nshop-1 | listening on 3000\n");
    }

    private Map<String, String> selector() {
        return cluster.client.services().inNamespace("shop").withName("shop").get().getSpec().getSelector();
    }
}
