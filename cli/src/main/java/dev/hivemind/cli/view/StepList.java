package dev.hivemind.cli.view;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.cli.ProgressPrinter;
import dev.hivemind.cli.Style;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A deployment's steps in the order they run: its stages, each with the hooks around it, with status and time. */
public final class StepList {
    private final Style style;

    public StepList(Style style) {
        this.style = style;
    }

    public void print(DeploymentState state, PrintStream out) {
        for (StageRecord stage : state.stages()) {
            hooks(state, stage.name(), true).forEach(hook -> printHook(hook, out));
            out.println("  " + style.icon(stage.status()) + " " + stage.name().number() + " "
                    + String.format("%-10s", stage.name()) + style.dim(timing(stage.startedAt(), stage.finishedAt(),
                    stage.attempts())));
            hooks(state, stage.name(), false).forEach(hook -> printHook(hook, out));
        }
        state.hook(HookName.PRE_DESTROY).ifPresent(hook -> out.println("      " + style.dim(hook.name()
                + " hook: runs when `hivemind destroy " + state.app() + "` starts")));
    }

    private void printHook(HookStep hook, PrintStream out) {
        out.println("  " + style.icon(hook.status()) + "     " + String.format("%-12s", hook.name()) + "hook"
                + style.dim(timing(hook.startedAt(), hook.finishedAt(), hook.attempts())
                + (hook.status() == StageStatus.PENDING ? "  `" + String.join("; ", hook.commands()) + "`" : "")));
    }

    private static List<HookStep> hooks(DeploymentState state, StageName stage, boolean before) {
        return state.hooks().stream().filter(hook -> hook.name().stage().filter(stage::equals).isPresent()
                && hook.name().before() == before).toList();
    }

    private static String timing(Optional<Instant> startedAt, Optional<Instant> finishedAt, int attemptCount) {
        if (startedAt.isEmpty()) {
            return "";
        }
        String attempts = attemptCount > 1 ? ", " + attemptCount + " attempts" : "";
        return finishedAt
                .map(end -> "  " + ProgressPrinter.seconds(Duration.between(startedAt.get(), end)) + attempts)
                .orElse("  started " + startedAt.get() + attempts);
    }
}
