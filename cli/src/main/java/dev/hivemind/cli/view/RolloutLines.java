package dev.hivemind.cli.view;

import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import java.util.ArrayList;
import java.util.List;

/** Where a canary or rolling update stands, for {@code status}: step, weight, a progress bar, the last analysis. */
final class RolloutLines {
    private static final int BAR = 10;

    private RolloutLines() {
    }

    static List<String> of(RolloutProgress progress) {
        String share = progress.strategy() == Strategy.CANARY ? "of traffic" : "of replicas";
        List<String> lines = new ArrayList<>();
        lines.add("Rollout: " + progress.strategy() + " step " + progress.step() + "/" + progress.steps() + " · "
                + progress.weight() + " % " + share + " · " + progress.phase());
        lines.add(bar(progress.weight()));
        progress.lastAnalysis().ifPresent(analysis -> lines.add("Last analysis: " + analysis));
        return lines;
    }

    /** {@code [#####.....] 50%}. */
    static String bar(int percent) {
        int clamped = Math.clamp(percent, 0, 100);
        int filled = Math.round(clamped * BAR / 100f);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + clamped + "%";
    }
}
