package dev.hivemind.target.kubernetes.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppManifestsTest {
    private static final String IMAGE = "registry.example.com/team/shop@sha256:" + "a".repeat(64);

    private static ManifestSettings settings(int replicas, Optional<String> domain, Optional<String> issuer) {
        return new ManifestSettings("shop", "shop", IMAGE, 3000, "/healthz", Duration.ofSeconds(2),
                Duration.ofMillis(500), 3, Duration.ofSeconds(60), replicas, domain, issuer);
    }

    @Test
    void makesTheObjectsInApplyOrderEachLabelledAsHiveMinds() {
        List<ObjectNode> objects = AppManifests.of(settings(2, Optional.empty(), Optional.empty()));

        assertThat(objects).extracting(object -> object.get("kind").asText()).containsExactly("Namespace",
                "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(objects).allSatisfy(object -> assertThat(object.at("/metadata/labels/"
                + "app.kubernetes.io~1managed-by").asText()).isEqualTo("hivemind"));
        assertThat(objects.subList(1, objects.size())).allSatisfy(object -> {
            assertThat(object.at("/metadata/namespace").asText()).isEqualTo("shop");
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("shop");
        });
    }

    /** The Pod Security Standards' restricted profile (Kubernetes 1.30), field by field, on pod and container. */
    @Test
    void thePodsMeetTheRestrictedPodSecurityProfile() {
        JsonNode pod = deployment(settings(1, Optional.empty(), Optional.empty())).at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isNotZero();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.has("hostNetwork") || pod.has("hostPID") || pod.has("hostIPC")).isFalse();
        assertThat(pod.get("volumes")).allSatisfy(volume -> assertThat(volume.has("emptyDir")).isTrue());
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/privileged").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop")).containsExactly(
                com.fasterxml.jackson.databind.node.TextNode.valueOf("ALL"));
        assertThat(container.at("/securityContext/capabilities").has("add")).isFalse();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.get("ports")).allSatisfy(port -> assertThat(port.has("hostPort")).isFalse());
        assertThat(pod.get("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @Test
    void theProbesAreHiveMindsHealthSettings() {
        JsonNode container = deployment(settings(1, Optional.empty(), Optional.empty()))
                .at("/spec/template/spec/containers/0");

        assertThat(container.get("image").asText()).isEqualTo(IMAGE);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/successThreshold").asInt()).isEqualTo(3);
        assertThat(container.at("/readinessProbe/periodSeconds").asInt()).isEqualTo(2);
        assertThat(container.at("/readinessProbe/timeoutSeconds").asInt()).isEqualTo(1);
        assertThat(container.at("/startupProbe/failureThreshold").asInt()).isEqualTo(30);
        assertThat(container.at("/startupProbe/successThreshold").asInt()).isEqualTo(1);
        assertThat(container.at("/livenessProbe/successThreshold").asInt()).isEqualTo(1);
        assertThat(container.get("env").valueStream().map(variable -> variable.get("name").asText() + "="
                + variable.get("value").asText())).containsExactly("PORT=3000", "HOST=0.0.0.0", "HOME=/tmp");
    }

    @Test
    void theNetworkPolicyDeniesAllButTheAppsPortAndDns() {
        JsonNode policy = AppManifests.of(settings(1, Optional.empty(), Optional.empty())).get(5);

        assertThat(policy.at("/spec/policyTypes")).hasSize(2);
        assertThat(policy.at("/spec/ingress")).hasSize(1);
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(3000);
        assertThat(policy.at("/spec/ingress/0").has("from")).isFalse();
        assertThat(policy.at("/spec/egress/0/ports").valueStream().map(port -> port.get("port").asInt()))
                .containsOnly(53);
    }

    @Test
    void anIngressOnlyForADomainWithTlsFromTheNamedIssuer() {
        List<ObjectNode> objects = AppManifests.of(settings(3, Optional.of("shop.example.com"),
                Optional.of("letsencrypt")));
        JsonNode ingress = objects.getLast();

        assertThat(ingress.get("kind").asText()).isEqualTo("Ingress");
        assertThat(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText())
                .isEqualTo("letsencrypt");
        assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo("shop.example.com");
        assertThat(ingress.at("/spec/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo("shop");
        assertThat(objects.get(4).at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void theYamlIsOneDocumentPerObjectAndReadsBack() throws IOException {
        List<ObjectNode> objects = AppManifests.of(settings(1, Optional.of("shop.example.com"), Optional.empty()));

        String yaml = ManifestYaml.documents(objects);

        assertThat(yaml.lines().filter(line -> line.equals("---"))).hasSize(objects.size());
        List<JsonNode> read = new YAMLMapper().readValues(new YAMLMapper().getFactory().createParser(yaml),
                JsonNode.class).readAll().stream().map(JsonNode.class::cast).toList();
        assertThat(read).containsExactlyElementsOf(objects);
    }

    private static JsonNode deployment(ManifestSettings settings) {
        return AppManifests.of(settings).stream().filter(object -> object.get("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow();
    }
}
