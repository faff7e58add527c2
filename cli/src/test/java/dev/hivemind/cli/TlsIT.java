package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.PinnedCertificate;
import dev.hivemind.api.host.HivemindHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code deploy --tls} of node-plain: the public port answers HTTPS with the host's self-signed certificate (trusted
 * here explicitly, nothing else), with HSTS and the security headers; plain HTTP is redirected; validation ran over
 * HTTPS; the security score credits TLS; status shows the traffic and agent metrics the counters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ExampleApp shop = new ExampleApp("node-plain", "shop-tls");

    private final Path app = shop.app();
    private final CliHarness cli = shop.cli();
    private final int port = shop.port();

    @Test
    @Order(1)
    void deployWithTlsServesHttpsAndValidatesOverIt() throws IOException {
        CliHarness.Result result = cli.run("deploy", app.toString(), "--app", "shop-tls", "--tls", "--port",
                String.valueOf(port), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("url").asText()).isEqualTo("https://127.0.0.1:" + port);
        state.get("validation").forEach(check -> assertThat(check.get("passed").asBoolean()).as(check.toString())
                .isTrue());
        assertThat(state.get("validation").get(0).get("url").asText()).startsWith("https://127.0.0.1:" + port);
        JsonNode security = state.get("security_config");
        assertThat(security.get("ssl_enabled").asBoolean()).isTrue();
        JsonNode tls = findCheck(security, "tls");
        assertThat(tls.get("passed").asBoolean()).as(tls.toString()).isTrue();
        Path key = certificate().resolveSibling("host.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void httpsAnswersWithHstsAndSecurityHeadersAndPlainHttpIsRedirected() throws Exception {
        try (HttpClient https = HttpClient.newBuilder().sslContext(PinnedCertificate.sslContext(certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = send(https, "https://localhost:" + port + "/");

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).startsWith("Hello from node-plain");
            assertThat(answer.headers().firstValue("strict-transport-security")).contains("max-age=31536000");
            assertThat(answer.headers().firstValue("x-content-type-options")).contains("nosniff");
            assertThat(answer.headers().firstValue("x-frame-options")).contains("DENY");
            assertThat(answer.headers().firstValue("referrer-policy")).contains("no-referrer");
        }
        try (HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> redirected = send(plain, "http://127.0.0.1:" + port + "/health?full=1");

            assertThat(redirected.statusCode()).isEqualTo(308);
            assertThat(redirected.headers().firstValue("location"))
                    .contains("https://127.0.0.1:" + port + "/health?full=1");
        }
        assertThat(Http.get("https://127.0.0.1:" + port + "/").status())
                .as("a client that does not trust the self-signed certificate is refused").isZero();
    }

    @Test
    @Order(3)
    void statusShowsTheTrafficAndAgentMetricsTheCounters() {
        CliHarness.Result status = cli.run("status", "shop-tls");
        CliHarness.Result metrics = cli.run("agent", "metrics");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Traffic over the last 1 min (edge proxy):")
                .containsPattern("RELEASE +WEIGHT +REQUESTS +ERRORS +P50 +P95 +P99")
                .containsPattern("\\S+ +100% +[1-9]\\d* +0\\.0% +\\d+\\.\\d ms +\\d+\\.\\d ms +\\d+\\.\\d ms")
                .containsSubsequence("Traffic over the last 1 min", "On this host", "replica 1  pid ", "\nNext: ");
        assertThat(metrics.exitCode()).as(metrics.toString()).isZero();
        assertThat(metrics.out()).contains("# TYPE hivemind_proxy_requests_total counter")
                .containsPattern("hivemind_proxy_requests_total\\{app=\"shop-tls\",release=\"[^\"]+\"} [1-9]\\d*");
    }

    @Test
    @Order(4)
    void tlsInHivemindYamlKeepsHttpsAndTheSameCertificateOnRedeploy() throws IOException {
        byte[] issued = Files.readAllBytes(certificate());
        Files.writeString(app.resolve("hivemind.yaml"), "app: shop-tls\ntls: true\n");

        CliHarness.Result result = cli.run("deploy", app.toString(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(JSON.readTree(result.out()).get("url").asText()).isEqualTo("https://127.0.0.1:" + port);
        assertThat(Files.readAllBytes(certificate())).isEqualTo(issued);
    }

    @Test
    @Order(5)
    void destroyStopsTheApp() {
        CliHarness.Result result = cli.run("destroy", "shop-tls", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(AppProcesses.under(shop.home())).isEmpty();
    }

    private static Path certificate() {
        return new HivemindHome(shop.home()).tlsCertificate();
    }

    private static JsonNode findCheck(JsonNode security, String name) {
        for (JsonNode check : security.get("vulnerability_scan_results")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + security);
    }

    private static HttpResponse<String> send(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
