package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.retry.Sleeper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries, backoff and interrupts: what the Conductor does when a stage fails. */
class ConductorRetryTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void networkErrorsAreRetriedWithExponentialBackoff() {
        fixture.faults.times(StageName.ANALYZE, 2, () -> new NetworkException(Agent.COMPILER,
                "git clone failed: connection reset", "Cloning the repository", "Check the network"));

        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(done.stage(StageName.ANALYZE).orElseThrow().attempts()).isEqualTo(3);
        assertThat(done.logs()).filteredOn(entry -> entry.level() == LogEntry.Level.WARN)
                .extracting(LogEntry::message)
                .contains("010 analyze attempt 1 of 3 failed: NetworkError: git clone failed: connection reset; "
                        + "retrying in 2.0 s", "010 analyze attempt 2 of 3 failed: NetworkError: git clone failed: "
                        + "connection reset; retrying in 4.0 s");
        assertThat(fixture.listener.events(DeploymentEvent.StageFailed.class))
                .extracting(DeploymentEvent.StageFailed::willRetry, DeploymentEvent.StageFailed::retryDelay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, Duration.ofSeconds(2)),
                        org.assertj.core.groups.Tuple.tuple(true, Duration.ofSeconds(4)));
        assertThat(done.errors()).isEmpty();
    }

    @Test
    void networkErrorsFailAfterThreeAttempts() {
        fixture.faults.always(StageName.ANALYZE, () -> new NetworkException(Agent.COMPILER, "host unreachable",
                "Cloning the repository", "Check the network"));
        DeploymentState initial = fixture.newDeployment();

        assertThatThrownBy(() -> fixture.conductor().start(initial, Map.of(), RunRange.all()))
                .isInstanceOf(NetworkException.class).hasMessage("host unreachable");

        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(fixture.faults.calls(StageName.ANALYZE)).isEqualTo(3);
        assertThat(fixture.sleeper.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.stage(StageName.ANALYZE).orElseThrow())
                .extracting(StageRecord::status, StageRecord::attempts).containsExactly(StageStatus.FAILED, 3);
        assertThat(failed.logs()).filteredOn(entry -> entry.level() == LogEntry.Level.ERROR)
                .extracting(LogEntry::message).containsExactly("010 analyze failed (attempt 3 of 3 failed): "
                        + "NetworkError: host unreachable (Cloning the repository). Remediation: Check the network");
    }

    @Test
    void buildErrorsAreNotRetried() {
        fixture.faults.always(StageName.BUILD, () -> new BuildException(Agent.COMPILER,
                "npm ci failed with exit code 1", "Installing dependencies", "Check package.json"));
        DeploymentState initial = fixture.newDeployment();

        assertThatThrownBy(() -> fixture.conductor().start(initial, Map.of(), RunRange.all()))
                .isInstanceOf(BuildException.class);

        assertThat(fixture.faults.calls(StageName.BUILD)).isEqualTo(1);
        assertThat(fixture.sleeper.delays()).isEmpty();
        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(failed.stage(StageName.BUILD).orElseThrow().attempts()).isEqualTo(1);
        assertThat(failed.lastError().orElseThrow().errorType()).isEqualTo("BuildError");
        assertThat(failed.logs()).filteredOn(entry -> entry.level() == LogEntry.Level.ERROR)
                .extracting(LogEntry::message).containsExactly("020 build failed (a BuildError is not retried): "
                        + "BuildError: npm ci failed with exit code 1 (Installing dependencies). "
                        + "Remediation: Check package.json");
        assertThat(NextSteps.after(failed)).containsExactly("hivemind retry " + initial.deploymentId()
                + " --stage build");
    }

    @Test
    void anUnexpectedExceptionIsWrappedAndNotRetried() {
        fixture.faults.always(StageName.DEPLOY, () -> new IllegalStateException("boom"));
        DeploymentState initial = fixture.newDeployment();

        DeploymentException error = catchThrowableOfType(DeploymentException.class,
                () -> fixture.conductor().start(initial, Map.of(), RunRange.all()));

        assertThat(error.getMessage()).isEqualTo("unexpected java.lang.IllegalStateException: boom");
        assertThat(error.agent()).isEqualTo(Agent.DEPLOYER);
        assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(fixture.faults.calls(StageName.DEPLOY)).isEqualTo(1);
    }

    @Test
    void anInterruptDuringARetryWaitFailsTheRunAndKeepsTheFlag() {
        fixture.faults.always(StageName.ANALYZE, () -> new NetworkException(Agent.COMPILER, "reset",
                "Cloning", "Check the network"));
        Sleeper interrupted = duration -> {
            throw new InterruptedException("Ctrl-C");
        };
        Conductor conductor = new Conductor(fixture.store, Pipeline.standard(fixture.services()),
                RetryPolicy.defaults(), fixture.clock, interrupted, fixture.listener);
        DeploymentState initial = fixture.newDeployment();

        DeploymentException error = catchThrowableOfType(DeploymentException.class,
                () -> conductor.start(initial, Map.of(), RunRange.all()));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(error.getMessage()).isEqualTo("interrupted during stage 010 analyze");
        assertThat(error.remediation()).isEqualTo("Continue where it stopped with `hivemind resume "
                + initial.deploymentId() + "`");
        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.completedAt()).isPresent();
        assertThat(failed.lastError().orElseThrow().message()).isEqualTo("interrupted during stage 010 analyze");
        assertThat(fixture.faults.calls(StageName.ANALYZE)).isEqualTo(1);
    }

    @Test
    void anInterruptRaisedInsideAStageFailsTheRunAndKeepsTheFlag() {
        fixture.faults.always(StageName.BUILD, () -> {
            Thread.currentThread().interrupt();
            return new BuildException(Agent.COMPILER, "npm was killed", "Building", "Run it again");
        });
        DeploymentState initial = fixture.newDeployment();

        assertThatThrownBy(() -> fixture.conductor().start(initial, Map.of(), RunRange.all()))
                .isInstanceOf(DeploymentException.class).hasMessage("interrupted during stage 020 build");

        assertThat(Thread.interrupted()).isTrue();
        assertThat(fixture.store.load(initial.deploymentId()).status()).isEqualTo(Status.FAILED);
    }
}
