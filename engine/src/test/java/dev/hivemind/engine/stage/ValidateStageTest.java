package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Fixture;
import dev.hivemind.engine.HealthServer;
import dev.hivemind.engine.RunRange;
import dev.hivemind.engine.retry.RetryPolicy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validation through a real HTTP server and a real closed port. */
class ValidateStageTest {
    private static HealthServer app;

    @BeforeAll
    static void startApp() {
        app = new HealthServer();
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    @Test
    void aHealthyAppPassesWithWhatCameBackRecorded() {
        try (Fixture fixture = new Fixture(app.url())) {
            DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());

            assertThat(done.validation()).extracting(ValidationCheck::name)
                    .containsExactly("health", "load p50", "load p95", "load p99", "load error rate");
            assertThat(done.validation()).first().satisfies(check -> {
                assertThat(check.passed()).isTrue();
                assertThat(check.statusCode()).isEqualTo(200);
                assertThat(check.url()).isEqualTo(app.url() + "/ok/health");
                assertThat(check.detail()).matches("got 200 after \\d+ ms");
            });
        }
    }

    @Test
    void anUnhealthyAppFailsWithWhatWasExpectedAndWhatCameBack() {
        try (Fixture fixture = new Fixture(app.url())) {
            fixture.faults.always(StageName.VALIDATE, () -> new IllegalStateException("not thrown: a marker"));
            DeploymentState initial = fixture.newDeployment();

            DeploymentException error = catchThrowableOfType(DeploymentException.class,
                    () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

            assertThat(error.agent()).isEqualTo(Agent.VALIDATOR);
            assertThat(error.getMessage()).matches("expected 2xx from " + app.url().replace(".", "\\.")
                    + "/fail/health, got 503 after \\d+ ms");
            assertThat(error.remediation()).isEqualTo("See what the app printed with `hivemind logs "
                    + initial.deploymentId() + "`; it is the app's first release, so there is none to go back to: fix "
                    + "the app and deploy again");
            DeploymentState failed = fixture.store.load(initial.deploymentId());
            assertThat(failed.validation()).singleElement().extracting(ValidationCheck::passed,
                    ValidationCheck::statusCode).containsExactly(false, 503);
            assertThat(failed.stage(StageName.VALIDATE).orElseThrow().attempts()).isEqualTo(2);
            assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(1));
        }
    }

    @Test
    void noAnswerIsReportedAsSuch() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Fixture fixture = new Fixture("http://127.0.0.1:" + closedPort)) {
            DeploymentState initial = fixture.newDeployment();

            DeploymentException error = catchThrowableOfType(DeploymentException.class,
                    () -> fixture.conductor(RetryPolicy.never()).start(initial, Map.of(), RunRange.all()));

            assertThat(error.getMessage()).matches("expected 2xx from http://127\\.0\\.0\\.1:" + closedPort
                    + "/ok/health, got no answer \\(connection refused\\) after \\d+ ms");
            assertThat(fixture.store.load(initial.deploymentId()).validation()).singleElement()
                    .extracting(ValidationCheck::statusCode).isEqualTo(0);
        }
    }
}
