package dev.hivemind.target.kubernetes.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every object HiveMind writes against the Kubernetes 1.37 schema (fabric8 kubernetes-model 8.0.0, generated from
 * it), read back from the YAML {@code hivemind manifests} prints; and objects with the mistakes the check is for.
 */
class ManifestSchemaTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    static final String IMAGE = "registry.example.com/team/shop@sha256:" + "a".repeat(64);

    static ManifestSettings app() {
        return new ManifestSettings("shop", "shop", IMAGE, 3000, "/healthz", Duration.ofSeconds(2),
                Duration.ofMillis(500), 3, Duration.ofSeconds(60), 2, Optional.of("shop.example.com"),
                Optional.of("letsencrypt"));
    }

    static DatabaseSettings inCluster(List<String> migrate) {
        return new DatabaseSettings(app(), "20261207-174512-123-0abcdefgh", new Database.InCluster("17", "shop",
                "5Gi"), "'/usr/lib/jvm/java-21/bin/java' $JAVA_OPTS -jar app.jar", Optional.of(Path.of("/nonexistent")),
                migrate, Optional.of("shop-env"));
    }

    @Test
    void everyObjectHiveMindWritesPassesAsItReadsBackFromTheYaml() throws IOException {
        List<ObjectNode> objects = new ArrayList<>(AppManifests.of(app()));
        DatabaseSettings database = inCluster(List.of("npx prisma migrate deploy", "node seed.js && echo done"));
        objects.add(DatabaseManifests.secret(database, DatabasePassword.generate()));
        objects.addAll(DatabaseManifests.of(database));
        objects.addAll(DatabaseManifests.jobs(database));
        DatabaseManifests.connect(objects.get(2), database);
        DatabaseSettings given = new DatabaseSettings(app(), "20261207-174512-123-0abcdefgh",
                new Database.Given(5432), "node server.js", Optional.empty(), List.of("npm run migrate"),
                Optional.of("shop-env"));
        objects.addAll(DatabaseManifests.of(given));
        objects.addAll(DatabaseManifests.jobs(given));

        List<JsonNode> read = YAML.readValues(YAML.getFactory().createParser(ManifestYaml.documents(objects)),
                JsonNode.class).readAll().stream().map(JsonNode.class::cast).toList();

        assertThat(read).hasSize(objects.size()).allSatisfy(object -> assertThat(ManifestSchema.problems(object))
                .as(object.get("kind").asText() + " " + object.at("/metadata/name").asText()).isEmpty());
        assertThat(read).extracting(object -> object.get("kind").asText()).contains("StatefulSet", "Job", "Secret",
                "PersistentVolumeClaim", "Ingress", "PodDisruptionBudget", "NetworkPolicy");
    }

    @Test
    void aDeliberatelyWrongDeploymentFailsWithEachMistakeNamed() throws IOException {
        JsonNode wrong = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: Shop_App
                  labels: {app.kubernetes.io/name: "a value that is far too long for a label, which holds 63 at most"}
                spec:
                  replicas: "two"
                  template:
                    spec:
                      containers:
                        - image: shop:1
                          imagePullPolicy: Sometimes
                          ports: [{containerPort: 80, protocol: HTTP}]
                          securityContext: {runAsNonRot: true}
                          env: [{value: x}]
                """);

        List<String> problems = ManifestSchema.problems(wrong);

        assertThat(problems).filteredOn(problem -> !problem.contains("runAsNonRot")).containsExactlyInAnyOrder(
                "Deployment.metadata.name: 'Shop_App' is not a DNS subdomain (lower-case letters, digits, - and .)",
                "Deployment.metadata.labels.app.kubernetes.io/name: 'a value that is far too long for a label, "
                        + "which holds 63 at most' is not a label value (at most 63 letters, digits, -, _ and ., "
                        + "starting and ending with a letter or digit)",
                "Deployment.spec.replicas: must be an integer, not \"two\"",
                "Deployment.spec.template.spec.containers[0].imagePullPolicy: must be one of "
                        + ManifestSchema.ENUMS.get("Container.imagePullPolicy") + ", not \"Sometimes\"",
                "Deployment.spec.template.spec.containers[0].ports[0].protocol: must be one of "
                        + ManifestSchema.ENUMS.get("ContainerPort.protocol") + ", not \"HTTP\"",
                "Deployment.spec.template.spec.containers[0].env[0].name: is required",
                "Deployment.spec.template.spec.containers[0].name: is required",
                "Deployment.spec.selector: is required");
        assertThat(problems).filteredOn(problem -> problem.contains("runAsNonRot")).singleElement().asString()
                .startsWith("Deployment.spec.template.spec.containers[0].securityContext.runAsNonRot: unknown field "
                        + "(SecurityContext has ").contains("runAsNonRoot");
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsItsDefinitionHas() throws IOException {
        JsonNode wrong = YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: shop}
                spec:
                  ports: [{port: 80, targetPort: http}]
                  selctor: {app: shop}
                """);

        assertThat(ManifestSchema.problems(wrong)).singleElement().asString()
                .startsWith("Service.spec.selctor: unknown field (ServiceSpec has ").contains("selector");
    }

    @Test
    void aKindOutsideTheApiIsRefused() throws IOException {
        assertThat(ManifestSchema.problems(YAML.readTree("{apiVersion: apps/v1, kind: Deployments, metadata: "
                + "{name: shop}}"))).containsExactly("kind Deployments of apps/v1 is not in the Kubernetes API");
        assertThat(ManifestSchema.problems(YAML.readTree("{apiVersion: v2, kind: Service, metadata: {name: shop}}")))
                .containsExactly("kind Service of v2 is not in the Kubernetes API");
    }
}
