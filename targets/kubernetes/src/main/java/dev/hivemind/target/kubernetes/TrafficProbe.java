package dev.hivemind.target.kubernetes;

import dev.hivemind.api.rollout.TrafficSample;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The traffic a canary analysis compares, when no Prometheus is configured: {@code requests} GETs of the health path
 * through the API server's proxy to a Service ({@code /api/v1/namespaces/NS/services/http:NAME:http/proxy/PATH}),
 * counted as errors when they answer 5xx or not at all, timed for the p95. It reaches the pods from wherever HiveMind
 * runs, with the user's own credentials (RBAC: {@code services/proxy} get).
 */
final class TrafficProbe {
    private final KubernetesClient client;
    private final Clock clock;
    private final Duration timeout;

    TrafficProbe(KubernetesClient client, Clock clock, Duration timeout) {
        this.client = client;
        this.clock = clock;
        this.timeout = timeout;
    }

    TrafficSample sample(String namespace, String service, String path, int requests, String releaseId) {
        // the client's own retries of 5xx answers would hide the very errors the analysis counts
        try (KubernetesClient once = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0).build()).build()) {
            return sample(once.getHttpClient(), namespace, service, path, requests, releaseId);
        }
    }

    private TrafficSample sample(HttpClient http, String namespace, String service, String path, int requests,
                                 String releaseId) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                + "/services/http:" + service + ":http/proxy" + path;
        List<Long> latencies = new ArrayList<>();
        long errors = 0;
        Instant start = clock.instant();
        for (int index = 0; index < requests; index++) {
            long began = System.nanoTime();
            boolean failed = failed(http, url);
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            errors += failed ? 1 : 0;
        }
        Duration window = Duration.between(start, clock.instant());
        return new TrafficSample(releaseId, requests, errors, p95(latencies), window.isNegative() ? Duration.ZERO
                : window);
    }

    private boolean failed(HttpClient http, String url) {
        try {
            HttpResponse<String> response = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(),
                    String.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return response.code() >= 500;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return true;
        }
    }

    static double p95(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return 0;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        int index = (int) Math.ceil(0.95 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
