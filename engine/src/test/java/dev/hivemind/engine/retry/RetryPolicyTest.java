package dev.hivemind.engine.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.RetryCategory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.defaults();
    private final NetworkException network = new NetworkException(Agent.COMPILER, "reset", "Cloning", "Retry");

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void networkErrorsGetThreeAttemptsTwoThenFourSecondsApart() {
        assertThat(policy.decide(network, 1)).isEqualTo(new RetryDecision.RetryAfter(Duration.ofSeconds(2), 2, 3));
        assertThat(policy.decide(network, 2)).isEqualTo(new RetryDecision.RetryAfter(Duration.ofSeconds(4), 3, 3));
        assertThat(policy.decide(network, 3)).isEqualTo(new RetryDecision.GiveUp("attempt 3 of 3 failed"));
    }

    @Test
    void throttlingGetsFiveAttemptsDoublingFromOneSecond() {
        RetrySettings throttling = policy.settingsFor(RetryCategory.THROTTLING);

        assertThat(throttling.maxAttempts()).isEqualTo(5);
        assertThat(throttling.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttling.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void deployFailuresGetTwoAttempts() {
        DeploymentException deploy = new DeploymentException(Agent.DEPLOYER, "unhealthy", "Starting", "Logs");

        assertThat(policy.decide(deploy, 1)).isEqualTo(new RetryDecision.RetryAfter(Duration.ofSeconds(2), 2, 2));
        assertThat(policy.decide(deploy, 2)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void buildFailuresAndUnknownExceptionsAreNeverRetried() {
        BuildException build = new BuildException(Agent.COMPILER, "npm ci failed", "Installing", "Fix package.json");

        assertThat(policy.decide(build, 1)).isEqualTo(new RetryDecision.GiveUp("a BuildError is not retried"));
        assertThat(policy.decide(new IllegalStateException("bug"), 1))
                .isEqualTo(new RetryDecision.GiveUp("an unexpected IllegalStateException is not retried"));
    }

    @Test
    void anInterruptIsNeverRetried() {
        NetworkException interrupted = new NetworkException(Agent.COMPILER, "stopped", "Cloning", "Retry",
                new InterruptedException());
        assertThat(policy.decide(interrupted, 1)).isEqualTo(new RetryDecision.GiveUp("interrupted"));

        Thread.currentThread().interrupt();
        assertThat(policy.decide(network, 1)).isEqualTo(new RetryDecision.GiveUp("interrupted"));
        assertThat(Thread.currentThread().isInterrupted()).as("the flag is left as it was").isTrue();
    }

    @Test
    void aSocketTimeoutIsNotMistakenForAnInterrupt() {
        NetworkException timeout = new NetworkException(Agent.COMPILER, "slow", "Cloning", "Retry",
                new java.net.SocketTimeoutException("read timed out"));

        assertThat(policy.decide(timeout, 1)).isInstanceOf(RetryDecision.RetryAfter.class);
    }

    @Test
    void everyCategoryIsConfigurable() {
        RetryPolicy custom = new RetryPolicy(new RetrySettings(4, Duration.ofMillis(100), 3.0),
                RetrySettings.never(), RetrySettings.never());

        assertThat(custom.decide(network, 3)).isEqualTo(new RetryDecision.RetryAfter(Duration.ofMillis(900), 4, 4));
        assertThat(RetryPolicy.never().decide(network, 1)).isInstanceOf(RetryDecision.GiveUp.class);
        assertThatThrownBy(() -> new RetrySettings(0, Duration.ZERO, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySettings(2, Duration.ofSeconds(-1), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySettings(2, Duration.ZERO, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
