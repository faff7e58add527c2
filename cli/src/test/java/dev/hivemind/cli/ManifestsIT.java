package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
