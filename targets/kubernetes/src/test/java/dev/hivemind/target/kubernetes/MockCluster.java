package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Target.ProvisionRequest;
import dev.hivemind.api.Target.ReleaseSpec;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.ClusterSettings;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fabric8's mock API server in CRUD mode (no Kubernetes API server can run here), the test-side
 * {@link DeploymentController}, and a {@link KubernetesTarget} on them whose clock moves only when the target sleeps
 * (each sleep runs the controller once), so waits and timeouts are deterministic. The image step stands in for
 * jib-core with a fixed reference per release: the image pipeline itself is tested against a real registry
 * (ImageRunIT).
 */
final class MockCluster implements AutoCloseable {
    static final String DIGEST = "@sha256:";

    private final Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
            expectations = new java.util.HashMap<>();
    /** CRUD mode, with expectations (the service proxy's answers) taken before the stored objects. */
    final KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(), expectations,
            new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(expectations), false);
    final KubernetesClient client;
    final DeploymentController controller;
    final List<String> lines = new ArrayList<>();
    final List<String> published = new ArrayList<>();
    final HivemindHome home;
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");

    MockCluster(Path home) {
        server.init();
        client = server.createClient();
        controller = new DeploymentController(client);
        this.home = new HivemindHome(home);
    }

    /** The image (by digest) of release {@code releaseId}. */
    static String image(String releaseId) {
        String hex = String.format("%064x", new java.math.BigInteger(1, releaseId.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        return "registry.example.com/team/shop" + DIGEST + hex.substring(hex.length() - 64);
    }

    KubernetesTarget target() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        KubernetesTarget.Timing timing = new KubernetesTarget.Timing(clock, duration -> {
            now = now.plus(duration);
            controller.reconcile();
        }, Duration.ofSeconds(10), Duration.ofSeconds(10));
        ImagePublisher images = (releaseId, artifact, startCommand, properties, progress) -> {
            published.add(releaseId);
            return image(releaseId);
        };
        return new KubernetesTarget(home, context -> server.createClient(), Map.of(), images, timing);
    }

    Progress progress() {
        return lines::add;
    }

    static ClusterSettings settings(Optional<String> domain, Optional<String> issuer) {
        return new ClusterSettings(Optional.empty(), Optional.of("shop"), Optional.of("registry.example.com/team/shop"),
                Optional.empty(), false, domain, issuer, Optional.empty());
    }

    Infrastructure provision(KubernetesTarget target, Strategy strategy, ClusterSettings settings) {
        return provision(target, strategy, settings, stack());
    }

    Infrastructure provision(KubernetesTarget target, Strategy strategy, ClusterSettings settings, TechStack stack) {
        DeployRequest request = new DeployRequest("/src/shop", Optional.empty(), strategy, Optional.empty(), false)
                .withCluster(settings);
        return target.provision(new ProvisionRequest("shop", "d1", request, Optional.of(stack)), progress());
    }

    /** An app that uses PostgreSQL and migrates with {@code npm run migrate}. */
    static TechStack postgresStack() {
        return new TechStack("node", "express", "22", List.of(), true, Optional.of("postgresql"), "npm",
                "npm start", Optional.of("/healthz"), List.of(), Optional.of(3000), Optional.empty(),
                Optional.of("npm run migrate"), Optional.of("shop"), Optional.of("16"), Optional.empty());
    }

    static TechStack stack() {
        return new TechStack("node", "express", "22", List.of(), false, Optional.empty(), "npm", "npm start",
                Optional.of("/healthz"), List.of(), Optional.of(3000), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    ReleaseSpec release(String releaseId, Strategy strategy, Infrastructure infrastructure, RolloutPolicy policy,
                        Map<String, String> environment) {
        return release(releaseId, strategy, infrastructure, policy, environment, Optional.empty());
    }

    /** The release continued after {@code resume}, a pause that was approved. */
    ReleaseSpec release(String releaseId, Strategy strategy, Infrastructure infrastructure, RolloutPolicy policy,
                        Map<String, String> environment,
                        Optional<dev.hivemind.api.rollout.RolloutProgress> resume) {
        return new ReleaseSpec("shop", releaseId, Path.of("/artifact"), "npm start", environment, "/healthz",
                strategy, infrastructure, HealthCheck.defaults(), policy, resume);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
