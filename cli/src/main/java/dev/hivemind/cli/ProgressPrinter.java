package dev.hivemind.cli;

import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.DeploymentEvent;
import dev.hivemind.engine.DeploymentListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Shows a run's progress on stderr as it happens: stages starting and ending, build output, health waits. */
public final class ProgressPrinter implements DeploymentListener {
    private final PrintStream err;
    private final Style style;

    public ProgressPrinter(Invocation invocation) {
        this.err = invocation.err();
        this.style = new Style(invocation.styled());
    }

    @Override
    public void on(DeploymentEvent event) {
        switch (event) {
            case DeploymentEvent.StageStarted started -> err.println(style.icon(StageStatus.RUNNING)
                    + " " + label(started.stage()) + (started.attempt() > 1 ? " (attempt " + started.attempt() + ")" : ""));
            case DeploymentEvent.StageCompleted completed -> err.println(style.icon(completed.outcome()) + " "
                    + label(completed.stage()) + " " + style.dim(seconds(completed.duration())));
            case DeploymentEvent.StageFailed failed -> err.println(style.icon(StageStatus.FAILED) + " "
                    + label(failed.stage()) + ": " + failed.error().getMessage()
                    + (failed.willRetry() ? style.yellow(" (retrying in " + seconds(failed.retryDelay()) + ")") : ""));
            case DeploymentEvent.ProgressLine line -> err.println(style.dim("    │ ") + line.text());
            case DeploymentEvent.StatusChanged changed -> { }
        }
    }

    private String label(StageName stage) {
        return stage.number() + " " + style.bold(stage.toString()) + style.dim(" [" + stage.agent() + "]");
    }

    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
