package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import dev.hivemind.api.rollout.RolloutPolicy.CrashLoop;
import dev.hivemind.api.rollout.RolloutPolicy.Probe;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.RollingUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hivemind.yaml's replicas, canary, rolling, probes, drain and crash-loop keys as a {@link RolloutPolicy}. */
class ProjectConfigRolloutTest {
    @TempDir
    Path dir;

    @Test
    void noFileOrNoKeysGiveTheDefaults() {
        assertThat(ProjectFile.read(dir).rollout("dev")).isEqualTo(RolloutPolicy.defaults());
        write(dir, "hivemind.yaml", "port: 3000\n");
        assertThat(ProjectFile.read(dir).rollout("dev")).isEqualTo(RolloutPolicy.defaults());
    }

    @Test
    void readsEveryKey() {
        write(dir, "hivemind.yaml", """
                replicas: 4
                health: {path: /healthz}
                canary:
                  steps: [{weight: 5, pause: 1s}, {weight: 25, pause: 1500ms}, {weight: 50}]
                  analysis: {max-error-rate-increase: 2.5, p95-factor: 2, p95-slack: 100ms, min-requests: 10, inconclusive-holds: 1}
                rolling: {batches: [50, 100], max-surge: 2, max-unavailable: 10%}
                probes:
                  readiness: {interval: 2s, timeout: 1s, failure-threshold: 2}
                  liveness: {path: /alive, threshold: 4}
                drain: {timeout: 5s, grace: 2s}
                crash-loop: {restarts: 3, window: 1m}
                """);

        RolloutPolicy policy = ProjectFile.read(dir).rollout("dev");

        assertThat(policy.replicas()).isEqualTo(4);
        assertThat(policy.canarySteps()).containsExactly(new CanaryStep(5, Optional.of(Duration.ofSeconds(1))),
                new CanaryStep(25, Optional.of(Duration.ofMillis(1500))), new CanaryStep(50, Optional.empty()));
        assertThat(policy.analysis()).isEqualTo(new CanaryThresholds(2.5, 2, Duration.ofMillis(100), 10, 1));
        assertThat(policy.rollingBatches()).containsExactly(50, 100);
        assertThat(policy.rollingUpdate()).isEqualTo(new RollingUpdate(Optional.of("2"), Optional.of("10%")));
        assertThat(policy.readiness()).contains(new Probe("/healthz", Duration.ofSeconds(2), Duration.ofSeconds(1), 2));
        assertThat(policy.liveness()).contains(new Probe("/alive", Duration.ofSeconds(1), Duration.ofSeconds(5), 4));
        assertThat(policy.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.stopGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.crashLoop()).isEqualTo(new CrashLoop(3, Duration.ofMinutes(1)));
    }

    @Test
    void readsTheLimitsOfEachInstanceAnOverlayChangesOneAndKeepsTheDefaultOfOneLeftOut() {
        write(dir, "hivemind.yaml", "limits: {memory: 1G, tasks: 64}\nenvironments:\n  prod: {limits: {memory: 300M}}\n");

        assertThat(ProjectFile.read(dir).rollout("dev").limits()).isEqualTo(new ResourceLimits(1L << 30, 64));
        assertThat(ProjectFile.read(dir).rollout("prod").limits()).isEqualTo(new ResourceLimits(300L << 20, 64));
        write(dir, "hivemind.yaml", "limits: {memory: 2G}\n");
        assertThat(ProjectFile.read(dir).rollout("dev").limits()).isEqualTo(new ResourceLimits(2L << 30, 256));
        write(dir, "hivemind.yaml", "port: 3000\n");
        assertThat(ProjectFile.read(dir).rollout("dev").limits()).isEqualTo(new ResourceLimits(512L << 20, 256));
    }

    @Test
    void refusesLimitsTooSmallOrNotASize() {
        write(dir, "hivemind.yaml", "limits: {memory: 8M, tasks: 2}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits.tasks: must be at least 8, not 2");
        write(dir, "hivemind.yaml", "limits: {memory: lots}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits.memory");
        write(dir, "hivemind.yaml", "limits: {memory: 8M}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits: limits.memory must be at least 16M, got 8388608 bytes");
    }

    @Test
    void aPlainDrainDurationIsTheDrainTimeoutAndStepsAreAShorthand() {
        write(dir, "hivemind.yaml", "drain: 12\nsteps: [20, 100]\n");

        RolloutPolicy policy = ProjectFile.read(dir).rollout("dev");

        assertThat(policy.drainTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(policy.stopGrace()).isEqualTo(RolloutPolicy.defaults().stopGrace());
        assertThat(policy.canarySteps()).extracting(CanaryStep::weight).containsExactly(20, 100);
        assertThat(policy.rollingBatches()).containsExactly(20, 100);
    }

    @Test
    void anEnvironmentOverlayChangesTheReplicasAndKeepsTheRest() {
        write(dir, "hivemind.yaml", "replicas: 2\nrolling: {batches: [50, 100]}\nenvironments:\n  prod: {replicas: 6}\n");

        assertThat(ProjectFile.read(dir).rollout("dev").replicas()).isEqualTo(2);
        assertThat(ProjectFile.read(dir).rollout("prod").replicas()).isEqualTo(6);
        assertThat(ProjectFile.read(dir).rollout("prod").rollingBatches()).containsExactly(50, 100);
    }

    @Test
    void reportsEverySchemaProblemWithItsPath() {
        write(dir, "hivemind.yaml", """
                replicas: 0
                canary:
                  steps: [{weight: 150, pause: 1s}, {pause: soon}]
                  analysis: {p95-factr: 2}
                crash-loop: {restarts: 0}
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("replicas: must be at least 1, not 0")
                .hasMessageContaining("canary.steps[0].weight: must be at most 100, not 150")
                .hasMessageContaining("canary.steps[1].weight: is required")
                .hasMessageContaining("canary.steps[1].pause: must be a duration: 500ms, 2s, 1m, 1h, or a number of "
                        + "seconds, not 'soon'")
                .hasMessageContaining("canary.analysis.p95-factr: unknown key")
                .hasMessageContaining("crash-loop.restarts: must be at least 1, not 0");
    }

    @Test
    void stepsMustRiseAndBatchesEndAt100() {
        write(dir, "hivemind.yaml", """
                canary:
                  steps: [{weight: 50, pause: 1s}, {weight: 25, pause: 0s}, {weight: 100}, {weight: 100}]
                rolling: {batches: [50, 75]}
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 5 problems")
                .hasMessageContaining("canary.steps[1].pause: must be longer than zero; leave pause out to wait for "
                        + "hivemind approve")
                .hasMessageContaining("canary.steps[1].weight: must be above the step before it (50), not 25")
                .hasMessageContaining("canary.steps[3].weight: must be above the step before it (100), not 100")
                .hasMessageContaining("canary.steps[3]: comes after 100 %, which is the last step")
                .hasMessageContaining("rolling.batches: must end at 100 (every replica replaced), not 75");
    }

    @Test
    void surgeAndUnavailabilityAreCountsOrPercentagesNotBothNone() {
        assertThat(ProjectFile.read(dir).rollout("dev").rollingUpdate()).isEqualTo(RollingUpdate.defaults());
        write(dir, "hivemind.yaml", "rolling: {max-surge: 150%, max-unavailable: -1}\n");

        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rolling.max-surge: must be a count of pods (2) or a percentage from 0% to 100% "
                        + "(25%), not '150%'")
                .hasMessageContaining("rolling.max-unavailable: must be a count of pods (2) or a percentage from 0% "
                        + "to 100% (25%), not -1");

        write(dir, "hivemind.yaml", "rolling: {max-surge: 0%}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rolling.max-surge: 0% with max-unavailable 0 (the default) lets no pod be "
                        + "replaced; give max-surge at least 1");

        write(dir, "hivemind.yaml", "rolling: {max-surge: 0, max-unavailable: 25%}\n");
        assertThat(ProjectFile.read(dir).rollout("dev").rollingUpdate())
                .isEqualTo(new RollingUpdate(Optional.of("0"), Optional.of("25%")));
    }

    @Test
    void aProbeWithoutAPathNeedsTheHealthPath() {
        write(dir, "hivemind.yaml", "probes:\n  readiness: {interval: 1s}\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("probes.readiness.path: is required when neither health.path nor probes.startup.path is set");
    }

    @Test
    void overlayProblemsNameTheEnvironment() {
        write(dir, "hivemind.yaml", "environments:\n  prod: {rolling: {batches: [10, 20]}}\n");

        assertThat(ProjectFile.read(dir).rollout("dev")).isEqualTo(RolloutPolicy.defaults());
        assertThatThrownBy(() -> ProjectFile.read(dir).rollout("prod")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rolling.batches: must end at 100 (every replica replaced), not 20 (with the prod "
                        + "overlay)");
    }
}
