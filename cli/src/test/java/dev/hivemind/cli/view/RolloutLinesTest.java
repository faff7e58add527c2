package dev.hivemind.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutLinesTest {

    @Test
    void aCanaryShowsItsStepWeightBarAndLastAnalysis() {
        RolloutProgress progress = new RolloutProgress(Strategy.CANARY, 3, 4, 50, "analysing",
                Optional.of("step 2 (25 %): pass: canary 120 requests, 0 % errors"));

        assertThat(RolloutLines.of(progress)).containsExactly(
                "Rollout: canary step 3/4 · 50 % of traffic · analysing",
                "[#####.....] 50%",
                "Last analysis: step 2 (25 %): pass: canary 120 requests, 0 % errors");
    }

    @Test
    void aRollingUpdateCountsReplicas() {
        assertThat(RolloutLines.of(new RolloutProgress(Strategy.ROLLING, 1, 3, 25, "starting 1 of 4",
                Optional.empty()))).containsExactly("Rollout: rolling step 1/3 · 25 % of replicas · starting 1 of 4",
                "[###.......] 25%");
    }

    @Test
    void theBarIsEmptyAtZeroAndFullAtAHundred() {
        assertThat(RolloutLines.bar(0)).isEqualTo("[..........] 0%");
        assertThat(RolloutLines.bar(5)).isEqualTo("[#.........] 5%");
        assertThat(RolloutLines.bar(100)).isEqualTo("[##########] 100%");
    }
}
