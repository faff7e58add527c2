package dev.hivemind.target.kubernetes.harden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.hardening.KubernetesRubric;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings.Database;
import dev.hivemind.target.kubernetes.manifest.KubernetesObjects;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodSecurityCheckTest {
    private static final String IMAGE = "registry.example.com/team/shop@sha256:" + "a".repeat(64);
    private static final ManifestSettings APP = new ManifestSettings("shop", "shop", IMAGE, 3000, "/healthz",
            Duration.ofSeconds(2), Duration.ofMillis(500), 3, Duration.ofSeconds(60), 2, Optional.empty(),
            Optional.empty());

    private static List<HasMetadata> appObjects() {
        return new ArrayList<>(KubernetesObjects.typed(AppManifests.of(APP)));
    }

    private static Deployment deployment(List<HasMetadata> objects) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst()
                .orElseThrow();
    }

    private static SecurityCheck check(HardeningScore score, KubernetesRubric item) {
        return score.results().stream().filter(result -> result.name().equals(item.checkName())).findFirst()
                .orElseThrow();
    }

    private static List<String> failed(HardeningScore score) {
        return score.results().stream().filter(result -> !result.passed()).map(SecurityCheck::name).toList();
    }

    @Test
    void hiveMindsOwnObjectsScoreFullMarksTheDatabaseAndItsJobsIncluded() {
        DatabaseSettings database = new DatabaseSettings(APP, "20261207-174512-123-0abcdefgh",
                new Database.InCluster("17", "shop", "1Gi"), "node server.js", Optional.empty(),
                List.of("npm run migrate"), Optional.of("shop-env"));
        List<ObjectNode> objects = new ArrayList<>(AppManifests.of(APP));
        DatabaseManifests.connect(objects.get(2), database);
        objects.add(DatabaseManifests.secret(database, "a-generated-password-of-32-chars"));
        objects.addAll(DatabaseManifests.of(database));
        objects.addAll(DatabaseManifests.jobs(database));

        HardeningScore score = PodSecurityCheck.score(KubernetesObjects.typed(objects));

        assertThat(failed(score)).isEmpty();
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.recommendations()).isEmpty();
        assertThat(check(score, KubernetesRubric.RUN_AS_NON_ROOT).detail()).isEqualTo("all 4 workload(s) pass");
    }

    @Test
    void theRubricsWeightsAddUpTo100() {
        assertThat(Arrays.stream(KubernetesRubric.values()).mapToInt(KubernetesRubric::weight).sum()).isEqualTo(100);
    }

    @Test
    void aPrivilegedContainerLosesItsPointsAndIsNamed() {
        List<HasMetadata> objects = appObjects();
        deployment(objects).getSpec().getTemplate().getSpec().getContainers().getFirst()
                .setSecurityContext(new SecurityContextBuilder().withPrivileged(true).build());

        HardeningScore score = PodSecurityCheck.score(objects);

        assertThat(failed(score)).containsExactly("not-privileged",
                "no-privilege-escalation", "capabilities-dropped");
        assertThat(check(score, KubernetesRubric.NOT_PRIVILEGED).detail())
                .isEqualTo("Deployment shop, container app: privileged: true");
        assertThat(score.score()).isEqualTo(100 - 10 - 10 - 10);
        assertThat(score.recommendations()).contains(
                "remove privileged: true; grant the one capability the container needs instead");
    }

    @Test
    void aHostPathVolumeAndHostNamespacesAreNamed() {
        List<HasMetadata> objects = appObjects();
        var pod = deployment(objects).getSpec().getTemplate().getSpec();
        pod.getVolumes().add(new VolumeBuilder().withName("docker").withNewHostPath().withPath("/var/run/docker.sock")
                .endHostPath().build());
        pod.setHostNetwork(true);
        pod.getContainers().getFirst().getPorts().add(new ContainerPortBuilder().withContainerPort(22)
                .withHostPort(2222).build());

        HardeningScore score = PodSecurityCheck.score(objects);

        assertThat(failed(score)).containsExactly("no-host-namespaces", "volume-types");
        assertThat(check(score, KubernetesRubric.VOLUME_TYPES).detail())
                .isEqualTo("Deployment shop, volume docker is hostPath");
        assertThat(check(score, KubernetesRubric.NO_HOST_NAMESPACES).detail())
                .isEqualTo("Deployment shop, hostNetwork: true; Deployment shop, container app: hostPort 2222");
        assertThat(score.score()).isEqualTo(80);
    }

    @Test
    void aPasswordInPlainEnvIsNamedButItsValueIsNot() {
        List<HasMetadata> objects = appObjects();
        var container = deployment(objects).getSpec().getTemplate().getSpec().getContainers().getFirst();
        container.getEnv().add(new EnvVar("DB_PASSWORD", "hunter2hunter2", null));
        container.getEnv().add(new EnvVar("DATABASE_URL", "postgresql://shop:s3cr3tpass@db:5432/shop", null));
        container.getEnv().add(new EnvVar("LOG_LEVEL", "debug", null));

        HardeningScore score = PodSecurityCheck.score(objects);

        assertThat(failed(score)).containsExactly("no-secrets-in-plain-env");
        String detail = check(score, KubernetesRubric.NO_SECRETS_IN_PLAIN_ENV).detail();
        assertThat(detail).isEqualTo(
                "Deployment shop, container app: secret value in plain env DB_PASSWORD, DATABASE_URL");
        assertThat(detail).doesNotContain("hunter2").doesNotContain("s3cr3t");
        assertThat(score.score()).isEqualTo(90);
    }

    @Test
    void withoutANetworkPolicyOrWithOneForOtherPodsTheAppIsNotCovered() {
        List<HasMetadata> objects = appObjects();
        List<HasMetadata> withoutPolicy = objects.stream().filter(object -> !object.getKind()
                .equals("NetworkPolicy")).toList();
        assertThat(failed(PodSecurityCheck.score(withoutPolicy))).containsExactly("network-policy");

        List<HasMetadata> otherPods = new ArrayList<>(withoutPolicy);
        otherPods.add(KubernetesObjects.typed(AppManifests.of(new ManifestSettings("blog", "shop", IMAGE, 3000, "/",
                Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ofSeconds(60), 1, Optional.empty(),
                Optional.empty())).get(5)));
        HardeningScore score = PodSecurityCheck.score(otherPods);
        assertThat(check(score, KubernetesRubric.NETWORK_POLICY).detail())
                .isEqualTo("Deployment shop, no NetworkPolicy selects its pods");
    }

    @Test
    void aRootImageWithoutRunAsUserOrRunAsNonRootFailsAndAKnownNonRootImagePasses() {
        List<HasMetadata> objects = appObjects();
        var pod = deployment(objects).getSpec().getTemplate().getSpec();
        pod.getSecurityContext().setRunAsUser(null);
        pod.getSecurityContext().setRunAsNonRoot(null);
        pod.getContainers().getFirst().getSecurityContext().setRunAsNonRoot(null);
        pod.getSecurityContext().setSeccompProfile(null);
        pod.getContainers().getFirst().getSecurityContext().setSeccompProfile(null);

        HardeningScore unknown = PodSecurityCheck.score(objects);
        HardeningScore root = PodSecurityCheck.score(objects, java.util.Map.of(IMAGE, "root"));
        HardeningScore nonRoot = PodSecurityCheck.score(objects, java.util.Map.of(IMAGE, "65532:65532"));

        assertThat(failed(unknown)).containsExactly("run-as-non-root", "seccomp-profile", "image-user-non-root");
        assertThat(check(unknown, KubernetesRubric.IMAGE_USER_NON_ROOT).detail()).isEqualTo("Deployment shop, "
                + "container app: the user of image " + IMAGE + " is not known and no runAsUser is set");
        assertThat(check(root, KubernetesRubric.IMAGE_USER_NON_ROOT).detail())
                .isEqualTo("Deployment shop, container app: image " + IMAGE + " runs as root");
        assertThat(failed(nonRoot)).containsExactly("run-as-non-root", "seccomp-profile");
        assertThat(nonRoot.score()).isEqualTo(75);
    }

    @Test
    void aRunAsUserOfZeroAndAnAddedCapabilityFail() {
        List<HasMetadata> objects = appObjects();
        var container = deployment(objects).getSpec().getTemplate().getSpec().getContainers().getFirst();
        container.getSecurityContext().setRunAsUser(0L);
        container.getSecurityContext().getCapabilities().setAdd(List.of("NET_BIND_SERVICE", "SYS_ADMIN"));

        HardeningScore score = PodSecurityCheck.score(objects);

        assertThat(failed(score)).containsExactly("run-as-non-root", "capabilities-dropped", "image-user-non-root");
        assertThat(check(score, KubernetesRubric.CAPABILITIES_DROPPED).detail())
                .isEqualTo("Deployment shop, container app: adds SYS_ADMIN");
        assertThat(score.score()).isEqualTo(100 - 15 - 10 - 5);
    }
}
