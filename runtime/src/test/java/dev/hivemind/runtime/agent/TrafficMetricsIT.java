package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.PinnedCertificate;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseTraffic;
import dev.hivemind.runtime.proxy.PrometheusTextTest;
import dev.hivemind.runtime.proxy.Promtool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real host agent and node app: traffic and Prometheus metrics through AgentClient, and TLS kept across restarts. */
class TrafficMetricsIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.withAgent();
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();

    @Test
    void theAgentReportsEachReleasesTrafficAndPrometheusMetrics() {
        // given release r1 serving app web
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");
        fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when 12 requests are answered and 3 fail with 500
        for (int i = 0; i < 12; i++) {
            assertThat(fixture.get(publicPort, "/").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(fixture.get(publicPort, "/fail").statusCode()).isEqualTo(500);
        }

        // then the traffic over the last 30 s says so (a request is recorded when the proxy completes it, which may
        // be a moment after the client read the answer)
        List<ReleaseTraffic> traffic = AgentFixture.await(() -> fixture.client.traffic("web", Duration.ofSeconds(30)),
                seen -> seen.size() == 1 && seen.getFirst().requests() == 15, Duration.ofSeconds(5),
                "15 requests of release r1 to be recorded");
        assertThat(traffic).hasSize(1);
        ReleaseTraffic r1 = traffic.getFirst();
        assertThat(r1.releaseId()).isEqualTo("r1");
        assertThat(r1.requests()).isEqualTo(15);
        assertThat(r1.serverErrors()).isEqualTo(3);
        assertThat(r1.connectionErrors()).isZero();
        assertThat(r1.errorRate()).isEqualTo(0.2);
        assertThat(r1.p50Millis()).isPositive();
        assertThat(r1.p99Millis()).isGreaterThanOrEqualTo(r1.p50Millis());
        assertThat(r1.window()).isEqualTo(Duration.ofSeconds(30));

        // and /metrics holds the same counts in the Prometheus text format
        String metrics = fixture.client.prometheusMetrics();
        String labels = "app=\"web\",release=\"r1\"";
        assertThat(metrics).contains("hivemind_proxy_requests_total{" + labels + "} 15\n",
                "hivemind_proxy_errors_total{" + labels + ",kind=\"5xx\"} 3\n",
                "hivemind_proxy_errors_total{" + labels + ",kind=\"connection\"} 0\n",
                "hivemind_proxy_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 15\n",
                "hivemind_proxy_request_duration_seconds_count{" + labels + "} 15\n");
        PrometheusTextTest.assertWellFormed(metrics);
        Promtool.assertAccepts(metrics);
    }

    @Test
    void aBadWindowOrAnUnknownAppIsRefused() {
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.client.traffic("nope", Duration.ofSeconds(5)))
                .hasMessageContaining("no app named nope");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.client.traffic("web", Duration.ofMinutes(11)))
                .hasMessageContaining("from 1s to 10m");
    }

    @Test
    void anAppServedOverTlsIsServedOverTlsAgainAfterTheAgentRestarts() throws Exception {
        // given app web on HTTPS
        fixture.client.ensureApp("web", publicPort, "127.0.0.1", true);
        fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        Path certificate = fixture.home.tlsCertificate();
        assertThat(certificate).exists();
        assertThat(Files.readString(fixture.home.agent().resolve("desired.json"))).contains("\"tls\" : true");
        byte[] issued = Files.readAllBytes(certificate);

        // when the agent restarts
        fixture.stopAgent();
        fixture.start();
        fixture.awaitState("web", "r1", InstanceState.HEALTHY);

        // then it serves HTTPS with the same certificate, and plain HTTP is redirected
        assertThat(Files.readAllBytes(certificate)).isEqualTo(issued);
        try (HttpClient https = HttpClient.newBuilder().sslContext(PinnedCertificate.sslContext(certificate))
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = AgentFixture.await(() -> send(https, "https://localhost:" + publicPort + "/"),
                    response -> response.statusCode() == 200, Duration.ofSeconds(20), "HTTPS to answer 200");
            assertThat(answer.body()).isEqualTo("hello from v1\n");
            assertThat(answer.headers().firstValue("strict-transport-security")).isPresent();
        }
        assertThat(fixture.get(publicPort, "/").statusCode()).isEqualTo(308);

        // and turning TLS off serves plain HTTP again
        fixture.client.ensureApp("web", publicPort, "127.0.0.1", false);
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
    }

    private static HttpResponse<String> send(HttpClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
