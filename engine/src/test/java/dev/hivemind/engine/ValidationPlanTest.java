package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.ValidationPlan.LoadTargets;
import dev.hivemind.api.ValidationPlan.SmokeTest;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Smoke tests and the load sample of the validate stage, through a real HTTP server standing in for the app behind
 * the public URL: {@code /ok/...} answers 200 "ok", {@code /ok/welcome} a page, {@code /ok/health} 200 then 503
 * alternately when {@code flakyHealth}, anything else 503 "unavailable".
 */
class ValidationPlanTest {
    private static final String LONG_PAGE = "<html>" + "x".repeat(300) + "</html>";
    private HttpServer app;
    private final AtomicInteger flaky = new AtomicInteger();
    private volatile boolean flakyHealth;

    @BeforeEach
    void startApp() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean ok = path.startsWith("/ok") && !(flakyHealth && path.equals("/ok/health")
                    && flaky.getAndIncrement() % 2 == 1);
            String body = path.equals("/ok/welcome") ? "<h1>Welcome to the shop</h1>"
                    : path.equals("/ok/long") ? LONG_PAGE : ok ? "ok" : "unavailable";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 503, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        app.start();
    }

    @AfterEach
    void stopApp() {
        app.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + app.getAddress().getPort();
    }

    @Test
    void passingSmokeTestsAndALoadSampleAreAllRecorded() {
        try (Fixture fixture = new Fixture(url())) {
            fixture.analyzer.planning(new ValidationPlan(List.of(
                    smoke("/ok/welcome", Optional.of(200), Optional.of("Welcome")),
                    smoke("ok/any", Optional.empty(), Optional.empty()),
                    smoke("/gone", Optional.of(503), Optional.of("unavailable"))), LoadTargets.NONE));
            StageSettings fiveAtFifty = new StageSettings(Duration.ofSeconds(20), 1024, 0, Duration.ofSeconds(5), 2,
                    Duration.ofSeconds(1), 5, 50);

            DeploymentState done = fixture.conductor(RetryPolicy.never(), fiveAtFifty)
                    .start(fixture.newDeployment(), Map.of(), RunRange.all());

            assertThat(done.validation()).extracting(ValidationCheck::name).containsExactly("health",
                    "smoke /ok/welcome", "smoke ok/any", "smoke /gone", "load p50", "load p95", "load p99",
                    "load error rate");
            assertThat(done.validation()).allMatch(ValidationCheck::passed);
            assertThat(done.validation().get(1).url()).isEqualTo(url() + "/ok/welcome");
            assertThat(done.validation().get(1).detail()).matches("expected status 200 and a body containing "
                    + "'Welcome', got 200 with body '<h1>Welcome to the shop</h1>' after \\d+ ms");
            assertThat(done.validation().get(2).detail()).startsWith("expected a 2xx status, got 200 with body 'ok'");
            assertThat(done.validation().get(7).detail())
                    .isEqualTo("error rate 0 (0 of 5 failed) over 5 requests at 50/s; target 0.01 (default)");
            assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofMillis(20), Duration.ofMillis(20),
                    Duration.ofMillis(20), Duration.ofMillis(20));
        }
    }

    @Test
    void aSmokeTestGettingTheWrongStatusOrBodyFailsTheDeploymentWithWhatCameBack() {
        try (Fixture fixture = new Fixture(url())) {
            fixture.analyzer.planning(new ValidationPlan(List.of(
                    smoke("/ok/welcome", Optional.of(200), Optional.of("Welcome")),
                    smoke("/ok/long", Optional.of(200), Optional.of("Checkout")),
                    smoke("/missing", Optional.of(200), Optional.empty())), LoadTargets.NONE));
            DeploymentState initial = fixture.newDeployment();

            DeploymentException error = catchThrowableOfType(DeploymentException.class,
                    () -> fixture.conductor(RetryPolicy.never()).start(initial, Map.of(), RunRange.all()));

            assertThat(error.agent()).isEqualTo(Agent.VALIDATOR);
            assertThat(error.getMessage()).matches("2 of 3 smoke tests failed: smoke /ok/long \\(" + quoted(url())
                    + "/ok/long\\) expected status 200 and a body containing 'Checkout', got 200 with body '<html>x{194}"
                    + "\\.\\.\\.' after \\d+ ms; smoke /missing \\(" + quoted(url()) + "/missing\\) expected status 200,"
                    + " got 503 with body 'unavailable' after \\d+ ms");
            assertThat(error.remediation()).doesNotContain("rollback")
                    .contains("it is the app's first release, so there is none to go back to");
            DeploymentState failed = fixture.store.load(initial.deploymentId());
            assertThat(failed.validation()).extracting(ValidationCheck::name, ValidationCheck::passed,
                    ValidationCheck::statusCode).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("health", true, 200),
                    org.assertj.core.groups.Tuple.tuple("smoke /ok/welcome", true, 200),
                    org.assertj.core.groups.Tuple.tuple("smoke /ok/long", false, 200),
                    org.assertj.core.groups.Tuple.tuple("smoke /missing", false, 503));
            assertThat(NextSteps.after(failed)).doesNotContain("hivemind rollback shop");
        }
    }

    @Test
    void aLoadSampleWhoseErrorRateMissesItsTargetFailsTheDeployment() {
        try (Fixture fixture = new Fixture(url())) {
            flakyHealth = true;
            fixture.analyzer.planning(new ValidationPlan(List.of(), new LoadTargets(Optional.of(4), Optional.of(100.0),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(0.25))));
            DeploymentState initial = fixture.newDeployment();

            DeploymentException error = catchThrowableOfType(DeploymentException.class,
                    () -> fixture.conductor(RetryPolicy.never()).start(initial, Map.of(), RunRange.all()));

            assertThat(error.getMessage()).isEqualTo("the load sample missed its targets: load error rate ("
                    + url() + "/ok/health) error rate 0.5 (2 of 4 failed) over 4 requests at 100/s; over the "
                    + "target 0.25 (load.error_rate)");
            assertThat(fixture.store.load(initial.deploymentId()).validation()).extracting(ValidationCheck::name)
                    .containsExactly("health", "load p50", "load p95", "load p99", "load error rate");
            assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10),
                    Duration.ofMillis(10));
        }
    }

    @Test
    void aLatencyTargetGivenInTheConfigurationIsRequired() {
        try (Fixture fixture = new Fixture(url())) {
            fixture.analyzer.planning(new ValidationPlan(List.of(), new LoadTargets(Optional.of(3), Optional.empty(),
                    Optional.of(0.0), Optional.empty(), Optional.empty(), Optional.empty())));
            app.removeContext("/");
            app.createContext("/", exchange -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });

            DeploymentException error = catchThrowableOfType(DeploymentException.class,
                    () -> fixture.conductor(RetryPolicy.never()).start(fixture.newDeployment(), Map.of(),
                            RunRange.all()));

            assertThat(error.getMessage()).matches("the load sample missed its targets: load p50 \\(" + quoted(url())
                    + "/ok/health\\) p50 \\d+ ms over 3 requests at 50/s; over the target 0 ms \\(load\\.p50_ms\\)");
        }
    }

    private static SmokeTest smoke(String path, Optional<Integer> status, Optional<String> body) {
        return new SmokeTest(path, status, body);
    }

    private static String quoted(String text) {
        return text.replace(".", "\\.");
    }
}
