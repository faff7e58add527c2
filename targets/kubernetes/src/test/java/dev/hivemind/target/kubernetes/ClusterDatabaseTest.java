package dev.hivemind.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Target.DatabaseRequest;
import dev.hivemind.api.Target.Migration;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.remote.ClusterSettings;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that uses PostgreSQL, deployed as the engine drives a target (provision, provisionDatabase, migrate,
 * deploy) on fabric8's mock API server (a stand-in: no API server runs here; its controller makes StatefulSets ready
 * and completes Jobs).
 */
class ClusterDatabaseTest {
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

    private static ClusterSettings inCluster(Optional<String> storage) {
        return new ClusterSettings(Optional.empty(), Optional.of("shop"), Optional.of("registry.example.com/team/shop"),
                Optional.empty(), false, Optional.empty(), Optional.empty(), storage);
    }

    private Migration migration(String releaseId) {
        return new Migration("shop", releaseId, Path.of("/artifact"), "npm run migrate", Map.of(),
                Duration.ofMinutes(5));
    }

    @Test
    void theDatabaseAndItsBackupAndMigrationJobsComeBeforeTheRolloutWhichReadsItsSecret() {
        Infrastructure infrastructure = cluster.provision(target, Strategy.ROLLING, inCluster(Optional.of("2Gi")),
                MockCluster.postgresStack());
        var info = target.provisionDatabase(new DatabaseRequest("shop", "postgresql", Optional.empty(),
                Optional.empty()), cluster.progress());
        List<String> backups = new ArrayList<>();

        target.migrate(migration("r1"), backups::add, cluster.progress());
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, RolloutPolicy.defaults(), Map.of()),
                cluster.progress());

        assertThat(info.host()).isEqualTo("shop-postgres.shop.svc");
        assertThat(info.database()).isEqualTo("shop");
        assertThat(info.version()).contains("16");
        var set = cluster.client.apps().statefulSets().inNamespace("shop").withName("shop-postgres").get();
        assertThat(set.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getResources().getRequests()
                .get("storage").toString()).isEqualTo("2Gi");
        assertThat(cluster.client.secrets().inNamespace("shop").withName("shop-postgres").get()).isNotNull();
        assertThat(cluster.controller.jobsCompleted).hasSize(2);
        assertThat(cluster.controller.jobsCompleted.get(0)).contains("backup");
        assertThat(cluster.controller.jobsCompleted.get(1)).contains("migrat");
        assertThat(backups).singleElement().asString().contains("r1");
        List<EnvVar> env = cluster.client.apps().deployments().inNamespace("shop").withName("shop").get().getSpec()
                .getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(env).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("DATABASE_URL");
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-postgres");
        });
        assertThat(cluster.published).containsExactly("r1");
    }

    @Test
    void theSecondDeployKeepsTheDatabasesPasswordAndBacksUpAgain() {
        Infrastructure infrastructure = cluster.provision(target, Strategy.ROLLING, inCluster(Optional.of("1Gi")),
                MockCluster.postgresStack());
        target.migrate(migration("r1"), path -> { }, cluster.progress());
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, RolloutPolicy.defaults(), Map.of()),
                cluster.progress());
        String password = password();

        target.migrate(migration("r2"), path -> { }, cluster.progress());

        assertThat(password).hasSize(32);
        assertThat(password()).isEqualTo(password);
        assertThat(cluster.controller.jobsCompleted).hasSize(4);
    }

    private String password() {
        var secret = cluster.client.secrets().inNamespace("shop").withName("shop-postgres").get();
        if (secret.getStringData() != null && secret.getStringData().containsKey("password")) {
            return secret.getStringData().get("password");
        }
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get("password")),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aFailedMigrationStopsBeforeTheRollout() {
        cluster.provision(target, Strategy.ROLLING, inCluster(Optional.of("1Gi")), MockCluster.postgresStack());
        cluster.controller.failingJobs.add("migrat");

        assertThatThrownBy(() -> target.migrate(migration("r1"), path -> { }, cluster.progress()))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("failed");

        assertThat(cluster.client.apps().deployments().inNamespace("shop").list().getItems()).isEmpty();
    }

    @Test
    void withoutInClusterOrADatabaseUrlTheDatabaseIsRefusedWithTheRemedy() {
        cluster.provision(target, Strategy.ROLLING, inCluster(Optional.empty()), MockCluster.postgresStack());

        assertThatThrownBy(() -> target.provisionDatabase(new DatabaseRequest("shop", "postgresql", Optional.empty(),
                Optional.empty()), cluster.progress())).isInstanceOf(InfrastructureException.class)
                .satisfies(e -> assertThat(((InfrastructureException) e).remediation())
                        .contains("database: {in-cluster: true}").contains("DATABASE_URL"));
    }

    @Test
    void destroyRemovesTheDatabasesObjectsToo() {
        Infrastructure infrastructure = cluster.provision(target, Strategy.ROLLING, inCluster(Optional.of("1Gi")),
                MockCluster.postgresStack());
        target.migrate(migration("r1"), path -> { }, cluster.progress());
        target.deploy(cluster.release("r1", Strategy.ROLLING, infrastructure, RolloutPolicy.defaults(), Map.of()),
                cluster.progress());

        target.destroy("shop", cluster.progress());

        assertThat(cluster.client.apps().statefulSets().inNamespace("shop").list().getItems()).isEmpty();
        assertThat(cluster.client.batch().v1().jobs().inNamespace("shop").list().getItems()).isEmpty();
        assertThat(cluster.client.persistentVolumeClaims().inNamespace("shop").list().getItems()).isEmpty();
    }
}
