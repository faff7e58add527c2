package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.kubernetes.harden.PodSecurityCheck;
import dev.hivemind.target.kubernetes.manifest.KubernetesObjects;
import dev.hivemind.target.kubernetes.manifest.ManifestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hivemind manifests}: the objects of an example app as YAML, on stdout or in a folder; bad options refused. */
class ManifestsIT {
    private static final String IMAGE = "registry.example.com/team/shop@sha256:" + "0123456789abcdef".repeat(4);
    private static final YAMLMapper YAML = new YAMLMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();

    private final CliHarness cli = cliHome.cli();

    @Test
    void writesTheAppsObjectsAsYamlDocuments() throws IOException {
        CliHarness.Result result = cli.run("manifests", CliHarness.example("node-express").toString(), "--image",
                IMAGE, "--app", "shop", "--replicas", "3", "--domain", "Shop.Example.com");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> objects = YAML.readValues(YAML.getFactory().createParser(result.out()), JsonNode.class)
                .readAll().stream().map(JsonNode.class::cast).toList();
        assertThat(objects).extracting(object -> object.get("kind").asText()).containsExactly("Namespace",
                "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "Ingress");
        JsonNode container = objects.get(2).at("/spec/template/spec/containers/0");
        assertThat(container.get("image").asText()).isEqualTo(IMAGE);
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(3000);
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(container.at("/env/0/value").isTextual()).isTrue();
        assertThat(objects.get(2).at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(objects.get(6).at("/spec/rules/0/host").asText()).isEqualTo("shop.example.com");
        assertThat(cliHome.home().resolve("deployments")).doesNotExist();
    }

    @Test
    void writesOneFilePerObjectIntoAFolder() throws IOException {
        Path folder = cliHome.work().resolve("deploy/k8s");

        CliHarness.Result result = cli.run("manifests", CliHarness.example("go-nethttp").toString(), "--image", IMAGE,
                "--namespace", "apps", "--out", "deploy/k8s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
                    "01-namespace-apps.yaml", "02-serviceaccount-go-nethttp.yaml", "03-deployment-go-nethttp.yaml",
                    "04-service-go-nethttp.yaml", "05-poddisruptionbudget-go-nethttp.yaml",
                    "06-networkpolicy-go-nethttp.yaml");
        }
        assertThat(YAML.readTree(folder.resolve("03-deployment-go-nethttp.yaml").toFile())
                .at("/metadata/namespace").asText()).isEqualTo("apps");
    }

    /**
     * An app that uses PostgreSQL and asks for it in the cluster: its database's objects and Jobs come before the
     * app's Deployment, which reads the database's variables from the Secret; every object passes the Kubernetes
     * schema check and the hardening score is full. Only the Secret holds the password.
     */
    @Test
    void anAppThatAsksForItsPostgresInTheClusterGetsItsObjectsAndJobs() throws IOException {
        Path app = cliHome.work().resolve("node-postgres");
        copy(CliHarness.example("node-postgres"), app);
        Files.writeString(app.resolve("hivemind.yaml"), "database: {in-cluster: true, storage: 2Gi}\n",
                java.nio.file.StandardOpenOption.APPEND);

        CliHarness.Result result = cli.run("manifests", app.toString(), "--image", IMAGE, "--app", "shop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> objects = YAML.readValues(YAML.getFactory().createParser(result.out()), JsonNode.class)
                .readAll().stream().map(JsonNode.class::cast).toList();
        assertThat(objects).extracting(object -> object.get("kind").asText() + " " + object.at("/metadata/name")
                .asText()).containsExactly("Namespace shop", "ServiceAccount shop", "Secret shop-postgres",
                "PersistentVolumeClaim shop-postgres-backups", "Service shop-postgres", "StatefulSet shop-postgres",
                "NetworkPolicy shop-postgres", "NetworkPolicy shop-database-clients", "Job shop-backup-0123456789ab",
                "Job shop-migrate-0123456789ab", "Deployment shop", "Service shop", "PodDisruptionBudget shop",
                "NetworkPolicy shop");
        assertThat(objects).allSatisfy(object -> assertThat(ManifestSchema.problems(object)).isEmpty());
        assertThat(objects.get(9).at("/spec/template/spec/containers/0/command")).extracting(JsonNode::asText)
                .containsExactly("npm", "run", "migrate");
        assertThat(objects.get(5).at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
                .isEqualTo("2Gi");
        assertThat(objects.get(10).at("/spec/template/spec/containers/0/env").findValuesAsText("name"))
                .contains("DATABASE_URL");
        String password = objects.get(2).at("/stringData/password").asText();
        assertThat(password).hasSize(32);
        assertThat(result.out().split(java.util.regex.Pattern.quote(password), -1)).hasSize(1 + 2);
        assertThat(result.err()).doesNotContain(password);
        HardeningScore score = PodSecurityCheck.score(objects.stream().map(object -> KubernetesObjects.typed(
                (ObjectNode) object)).toList());
        assertThat(score.score()).as(score.results().toString()).isEqualTo(100);
    }

    @Test
    void anAppWithoutInClusterOrWithoutPostgresGetsNoDatabase() throws IOException {
        CliHarness.Result plain = cli.run("manifests", CliHarness.example("node-postgres").toString(), "--image",
                IMAGE);
        Path app = cliHome.work().resolve("node-express");
        copy(CliHarness.example("node-express"), app);
        Files.writeString(app.resolve("hivemind.yaml"), "database: {in-cluster: true}\n");
        CliHarness.Result noPostgres = cli.run("manifests", app.toString(), "--image", IMAGE);

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(noPostgres.exitCode()).as(noPostgres.toString()).isZero();
        assertThat(plain.out()).doesNotContain("StatefulSet").doesNotContain("kind: Job");
        assertThat(noPostgres.out()).doesNotContain("StatefulSet").doesNotContain("kind: Job");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(file -> !file.toString().contains("node_modules")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void refusesBadOptionsBeforeReadingTheSource() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--image", IMAGE, "--target", "local"), "--target local has no manifests");
        cases.put(List.of("--image", "registry.example.com/team/shop:v1"), "is not an image by digest");
        cases.put(List.of("--image", IMAGE, "--namespace", "Apps"), "--namespace 'Apps' is not a valid namespace");
        cases.put(List.of("--image", IMAGE, "--replicas", "0"), "--replicas 0 is not a number of pods");
        cases.put(List.of("--image", IMAGE, "--domain", "shop"), "--domain 'shop' is not a host name");
        cases.put(List.of("--image", IMAGE, "--tls-issuer", "le"), "--tls-issuer needs --domain");
        cases.put(List.of("--image", IMAGE, "--app", "Shop_1"), "'Shop_1' is not a valid app name");

        cases.forEach((options, message) -> {
            List<String> args = new java.util.ArrayList<>(List.of("manifests", "/no/such/directory"));
            args.addAll(options);
            args.addAll(List.of("--out", "never"));
            CliHarness.Result result = cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).as(result.toString()).contains(message).contains("Remediation: ");
        });
        assertThat(cliHome.work().resolve("never")).doesNotExist();
    }
}
