package dev.hivemind.target.kubernetes.manifest;

import static dev.hivemind.target.kubernetes.manifest.ManifestSchemaTest.app;
import static dev.hivemind.target.kubernetes.manifest.ManifestSchemaTest.inCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseManifestsTest {
    private static final String ID = "20261207-174512-123-0abcdefgh";

    private static DatabaseSettings given(List<String> migrate) {
        return new DatabaseSettings(app(), ID, new Database.Given(6543), "node server.js", Optional.empty(), migrate,
                Optional.of("shop-env"));
    }

    private static JsonNode kind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(object -> object.get("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void aDatabaseInTheClusterIsAStatefulSetWithAClaimTemplateBehindAHeadlessService() {
        List<ObjectNode> objects = DatabaseManifests.of(inCluster(List.of()));

        assertThat(objects).extracting(object -> object.get("kind").asText() + " " + object.at("/metadata/name")
                .asText()).containsExactly("PersistentVolumeClaim shop-postgres-backups", "Service shop-postgres",
                "StatefulSet shop-postgres", "NetworkPolicy shop-postgres", "NetworkPolicy shop-database-clients");
        JsonNode set = kind(objects, "StatefulSet");
        assertThat(set.at("/spec/serviceName").asText()).isEqualTo("shop-postgres");
        assertThat(set.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
        assertThat(set.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("5Gi");
        JsonNode container = set.at("/spec/template/spec/containers/0");
        assertThat(container.get("image").asText()).isEqualTo("postgres:17-bookworm");
        assertThat(container.get("volumeMounts").findValuesAsText("mountPath")).containsExactly(
                "/var/lib/postgresql/data", "/var/run/postgresql", "/tmp");
        assertThat(env(container)).containsEntry("POSTGRES_USER", "shop").containsEntry("POSTGRES_DB", "shop")
                .containsEntry("POSTGRES_PASSWORD", "secret shop-postgres/password")
                .containsEntry("PGDATA", "/var/lib/postgresql/data/pgdata");
        assertThat(set.at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(999);
        assertThat(kind(objects, "Service").at("/spec/clusterIP").asText()).isEqualTo("None");
    }

    @Test
    void theDatabaseTakesConnectionsOnlyFromTheAppAndTheJobsAndItsPodsAreNotTheApps() {
        List<ObjectNode> objects = DatabaseManifests.of(inCluster(List.of()));

        JsonNode policy = objects.get(3);
        assertThat(policy.at("/spec/ingress/0/from/0/podSelector/matchExpressions/0/values"))
                .extracting(JsonNode::asText).containsExactly("shop", "shop-database-job");
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asInt()).isEqualTo(5432);
        assertThat(policy.at("/spec/policyTypes")).extracting(JsonNode::asText).containsExactly("Ingress", "Egress");
        assertThat(policy.at("/spec").has("egress")).isFalse();
        JsonNode clients = objects.get(4);
        assertThat(clients.at("/spec/egress/0/to/0/podSelector/matchLabels/app.kubernetes.io~1name").asText())
                .isEqualTo("shop-postgres");
        // the Jobs' pods take no connection; the app's pods take what the app's own policy admits (policies add up)
        assertThat(clients.at("/spec/policyTypes")).extracting(JsonNode::asText).containsExactly("Ingress", "Egress");
        assertThat(clients.at("/spec").has("ingress")).isFalse();
        // the app's Service and PodDisruptionBudget select app.kubernetes.io/name=shop: no database pod has it
        assertThat(objects).allSatisfy(object -> {
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("hivemind");
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("shop");
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1name").asText()).isNotEqualTo("shop");
        });
        assertThat(objects.get(2).at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText())
                .isEqualTo("shop-postgres");
    }

    @Test
    void theSecretHoldsThePasswordAndTheUrlsAndTheAppReadsThemByReferenceOnly() {
        DatabaseSettings settings = inCluster(List.of());
        String password = DatabasePassword.generate();

        JsonNode secret = DatabaseManifests.secret(settings, password);
        ObjectNode deployment = (ObjectNode) AppManifests.of(app()).get(2);
        DatabaseManifests.connect(deployment, settings);

        assertThat(secret.at("/stringData/password").asText()).isEqualTo(password);
        assertThat(secret.at("/stringData/DATABASE_URL").asText()).isEqualTo("postgresql://shop:" + password
                + "@shop-postgres.shop.svc:5432/shop");
        // the start command is a Java one: the JDBC and Spring variables too, as on the local target
        assertThat(secret.at("/stringData/JDBC_DATABASE_URL").asText())
                .isEqualTo("jdbc:postgresql://shop-postgres.shop.svc:5432/shop");
        assertThat(secret.at("/stringData/SPRING_DATASOURCE_PASSWORD").asText()).isEqualTo(password);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(env(container)).containsEntry("DATABASE_URL", "secret shop-postgres/DATABASE_URL")
                .containsEntry("SPRING_DATASOURCE_URL", "secret shop-postgres/SPRING_DATASOURCE_URL")
                .containsEntry("PORT", "3000");
        assertThat(deployment.toString()).doesNotContain(password);
        assertThat(DatabaseManifests.of(settings).toString() + DatabaseManifests.jobs(settings)).doesNotContain(
                password);
    }

    @Test
    void aNodeAppGetsDatabaseUrlAloneAndAJavaAppWithAPostgresProfileGetsIt(@TempDir Path artifact)
            throws IOException {
        DatabaseSettings node = new DatabaseSettings(app(), ID, new Database.InCluster("16", "shop_db", "1Gi"),
                "node server.js", Optional.empty(), List.of(), Optional.empty());
        assertThat(DatabaseManifests.appEnvironment(node)).extracting(variable -> variable.get("name").asText())
                .containsExactly("DATABASE_URL");

        Files.createDirectories(artifact.resolve("src/main/resources"));
        Files.writeString(artifact.resolve("src/main/resources/application-postgres.yml"), "spring: {}\n");
        DatabaseSettings java = new DatabaseSettings(app(), ID, new Database.InCluster("16", "shop_db", "1Gi"),
                "java -jar app.jar", Optional.of(artifact), List.of(), Optional.empty());
        assertThat(DatabaseManifests.secret(java, "pw").at("/stringData/SPRING_PROFILES_ACTIVE").asText())
                .isEqualTo("postgres");
    }

    @Test
    void theBackupRunsFirstThenEachMigrationCommandInTheAppsImage() {
        DatabaseSettings settings = inCluster(List.of("npx prisma migrate deploy", "./bin/seed --all"));

        List<ObjectNode> jobs = DatabaseManifests.jobs(settings);

        assertThat(jobs).extracting(job -> job.at("/metadata/name").asText()).containsExactly(
                "shop-backup-" + ID, "shop-migrate-" + ID);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.at("/spec/backoffLimit").asInt()).isZero();
            assertThat(job.at("/metadata/labels/hivemind.dev~1deployment").asText()).isEqualTo(ID);
            assertThat(job.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
        });
        JsonNode dump = jobs.get(0).at("/spec/template/spec/containers/0");
        assertThat(dump.get("command")).extracting(JsonNode::asText).containsExactly("pg_dump", "--format=custom",
                "--file=/backups/" + ID + "-before-migrate.dump", "--host=shop-postgres", "--port=5432",
                "--username=shop", "--dbname=shop");
        assertThat(env(dump)).containsExactly(Map.entry("PGPASSWORD", "secret shop-postgres/password"));
        assertThat(jobs.get(0).at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText())
                .isEqualTo("shop-postgres-backups");
        JsonNode migration = jobs.get(1).at("/spec/template/spec");
        assertThat(migration.at("/initContainers/0/command")).extracting(JsonNode::asText)
                .containsExactly("npx", "prisma", "migrate", "deploy");
        assertThat(migration.at("/containers/0/command")).extracting(JsonNode::asText)
                .containsExactly("/app/bin/seed", "--all");
        assertThat(migration.at("/containers/0/image").asText()).isEqualTo(ManifestSchemaTest.IMAGE);
        assertThat(migration.at("/containers/0/envFrom/0/secretRef/name").asText()).isEqualTo("shop-env");
        assertThat(env(migration.at("/containers/0"))).containsEntry("DATABASE_URL",
                "secret shop-postgres/DATABASE_URL");
        assertThat(migration.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    }

    @Test
    void withTheUsersDatabaseUrlThereIsNoStatefulSetAndTheBackupReadsTheUrlFromTheAppsSecret() {
        DatabaseSettings settings = given(List.of());

        List<ObjectNode> objects = DatabaseManifests.of(settings);
        List<ObjectNode> jobs = DatabaseManifests.jobs(settings);

        assertThat(objects).extracting(object -> object.get("kind").asText()).containsExactly(
                "PersistentVolumeClaim", "NetworkPolicy");
        assertThat(objects.get(1).at("/spec/egress/0/ports/0/port").asInt()).isEqualTo(6543);
        assertThat(objects.get(1).at("/spec/egress/0").has("to")).isFalse();
        assertThat(jobs).hasSize(1);
        JsonNode dump = jobs.getFirst().at("/spec/template/spec/containers/0");
        assertThat(dump.get("command").get(3).asText()).isEqualTo("--dbname=$(DATABASE_URL)");
        assertThat(env(dump)).containsExactly(Map.entry("DATABASE_URL", "secret shop-env/DATABASE_URL"));
        assertThat(DatabaseManifests.appEnvironment(settings)).isEmpty();
        assertThatThrownBy(() -> DatabaseManifests.secret(settings, "pw")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aJobsNameFitsALabelHoweverLongTheAppsName() {
        ManifestSettings longApp = new ManifestSettings("a".repeat(50), "shop", "img", 8080, "/",
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 1, java.time.Duration.ofSeconds(9),
                1, Optional.empty(), Optional.empty());
        DatabaseSettings settings = new DatabaseSettings(longApp, ID, new Database.InCluster("17", "a", "1Gi"),
                "node s.js", Optional.empty(), List.of(), Optional.empty());

        String name = DatabaseJobs.jobName(settings, "migrate");

        assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-migrate-" + ID).startsWith("aaa");
        assertThatThrownBy(() -> new DatabaseSettings(app(), "Not_An_Id", new Database.InCluster("17", "a", "1Gi"),
                "x", Optional.empty(), List.of(), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    /** A container's env as NAME → value, or "secret NAME/KEY" for a reference. */
    private static Map<String, String> env(JsonNode container) {
        return container.get("env").valueStream().collect(Collectors.toMap(variable -> variable.get("name").asText(),
                variable -> variable.has("value") ? variable.get("value").asText() : "secret "
                        + variable.at("/valueFrom/secretKeyRef/name").asText() + "/"
                        + variable.at("/valueFrom/secretKeyRef/key").asText(), (a, b) -> b,
                java.util.LinkedHashMap::new));
    }
}
