package dev.hivemind.analyzer.source;

import dev.hivemind.api.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Turns JGit's progress callbacks into readable lines such as {@code Receiving objects: 45% (90/200)}.
 * A task reports at most one line per {@code interval} (and only when its percentage or count moved), plus a final
 * {@code , done.} line, so a large clone does not flood the output. Interrupting the cloning thread cancels the clone.
 */
final class CloneProgress implements ProgressMonitor {
    private final Progress progress;
    private final Clock clock;
    private final Duration interval;
    private String task = "";
    private int total;
    private int done;
    private Instant lastLine = Instant.MIN;
    private String lastText = "";

    CloneProgress(Progress progress, Clock clock, Duration interval) {
        this.progress = progress;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void start(int totalTasks) {
        // JGit announces the number of tasks up front; each task reports for itself.
    }

    @Override
    public void beginTask(String title, int totalWork) {
        task = title;
        total = totalWork;
        done = 0;
        lastLine = Instant.MIN;
        lastText = "";
    }

    @Override
    public void update(int completed) {
        done += completed;
        Instant now = clock.instant();
        if (Duration.between(lastLine, now).compareTo(interval) < 0) {
            return;
        }
        String text = describe();
        if (!text.equals(lastText)) {
            emit(text, now);
        }
    }

    @Override
    public void endTask() {
        emit(describe() + ", done.", clock.instant());
    }

    @Override
    public boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public void showDuration(boolean enabled) {
        // Durations are not shown: the lines are for people watching the clone, the runner times the stage.
    }

    private String describe() {
        if (total == UNKNOWN) {
            return task + ": " + done;
        }
        int percent = (int) Math.min(100, Math.floorDiv(100L * done, total));
        return task + ": " + percent + "% (" + done + "/" + total + ")";
    }

    private void emit(String text, Instant now) {
        progress.line(text);
        lastText = text;
        lastLine = now;
    }
}
