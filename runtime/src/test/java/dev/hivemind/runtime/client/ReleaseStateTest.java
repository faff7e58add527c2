package dev.hivemind.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.supervisor.Backoff;
import dev.hivemind.runtime.supervisor.Restarts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseStateTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aReleaseIsHealthyOnlyWhenEveryWantedReplicaIsReady() {
        assertThat(ReleaseState.of(2, List.of(ready(1), ready(2)))).isEqualTo(ReleaseState.HEALTHY);
        assertThat(ReleaseState.of(2, List.of(ready(1), instance(2, InstanceState.STARTING)))).isEqualTo(ReleaseState.DEGRADED);
        assertThat(ReleaseState.of(3, List.of(ready(1), ready(2)))).isEqualTo(ReleaseState.DEGRADED);
        assertThat(ReleaseState.of(1, List.of(instance(1, InstanceState.STARTING)))).isEqualTo(ReleaseState.STARTING);
        assertThat(ReleaseState.of(1, List.of(ready(1), instance(2, InstanceState.STOPPED))))
                .as("a stopped instance of an earlier run").isEqualTo(ReleaseState.HEALTHY);
    }

    @Test
    void crashLoopingWinsAndNotReadyRunningInstancesAreUnhealthy() {
        InstanceView looping = new InstanceView("r1", InstanceState.CRASHED, 40001, Optional.empty(), NOW, 5,
                Optional.of(1), "/x/output.log", List.of(), List.of("boom"), false, true, 2);
        assertThat(ReleaseState.of(2, List.of(ready(1), looping))).isEqualTo(ReleaseState.CRASH_LOOPING);
        assertThat(ReleaseState.of(1, List.of(instance(1, InstanceState.HEALTHY)))).as("readiness failing")
                .isEqualTo(ReleaseState.UNHEALTHY);
        assertThat(ReleaseState.of(1, List.of(instance(1, InstanceState.CRASHED)))).isEqualTo(ReleaseState.CRASHED);
        assertThat(ReleaseState.of(1, List.of(instance(1, InstanceState.STOPPED)))).isEqualTo(ReleaseState.STOPPED);
        assertThat(ReleaseState.of(0, List.of())).isEqualTo(ReleaseState.STOPPED);
        assertThat(ReleaseState.fromWire(ReleaseState.CRASH_LOOPING.wire())).isEqualTo(ReleaseState.CRASH_LOOPING);
        assertThat(ReleaseState.CRASH_LOOPING.wire()).isEqualTo("crash-looping");
    }

    @Test
    void restartsWithinTheWindowMarkCrashLoopingUntilTheyAgeOut() {
        Restarts restarts = new Restarts(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new RolloutPolicy.CrashLoop(3, Duration.ofMinutes(1)));
        assertThat(restarts.add(NOW)).isFalse();
        assertThat(restarts.add(NOW.plusSeconds(10))).isFalse();
        assertThat(restarts.add(NOW.plusSeconds(20))).isTrue();
        assertThat(restarts.crashLooping(NOW.plusSeconds(21))).isTrue();
        assertThat(restarts.crashLooping(NOW.plusSeconds(61))).as("the first restart left the window").isFalse();
        assertThat(restarts.count()).isEqualTo(3);
        assertThat(restarts.describe()).startsWith("3 restarts within 60 s); the agent keeps restarting it, at most 30000 ms apart");
    }

    @Test
    void theRestartDelayDoublesAlongACrashStreakAndOnlyALongHealthyUptimeEndsTheStreak() {
        Restarts restarts = new Restarts(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new RolloutPolicy.CrashLoop(5, Duration.ofMinutes(5)));
        assertThat(restarts.delayAfter(Duration.ofMillis(100), true)).isEqualTo(Duration.ofSeconds(1));
        assertThat(restarts.delayAfter(Duration.ofMillis(100), false)).isEqualTo(Duration.ofSeconds(2));
        assertThat(restarts.delayAfter(Duration.ofSeconds(40), false)).as("a slow crash while starting")
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(restarts.delayAfter(Duration.ofSeconds(31), true)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anInstancePolicyTakesTheAgentsPartOfARolloutPolicyAndRefusesNonsense() {
        RolloutPolicy rollout = RolloutPolicy.defaults().withReplicas(4);
        InstancePolicy policy = InstancePolicy.of(rollout);
        assertThat(policy.replicas()).isEqualTo(4);
        assertThat(policy.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.stopGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.crashLoop()).isEqualTo(new RolloutPolicy.CrashLoop(5, Duration.ofMinutes(5)));
        assertThat(InstancePolicy.defaults().replicas()).isEqualTo(1);
        assertThatThrownBy(() -> policy.withReplicas(65)).hasMessage("replicas must be 0-64, got 65");
        assertThatThrownBy(() -> policy.withCrashLoop(new RolloutPolicy.CrashLoop(0, Duration.ofMinutes(1))))
                .hasMessageContaining("at least 1 restart");
    }

    private static InstanceView ready(int replica) {
        return new InstanceView("r1", InstanceState.HEALTHY, 40000 + replica, Optional.of(100L + replica), NOW, 0,
                Optional.empty(), "/x/output.log", List.of(), List.of(), true, false, replica);
    }

    private static InstanceView instance(int replica, InstanceState state) {
        return new InstanceView("r1", state, 40000 + replica, Optional.empty(), NOW, 0, Optional.empty(),
                "/x/output.log", List.of(), List.of(), false, false, replica);
    }
}
