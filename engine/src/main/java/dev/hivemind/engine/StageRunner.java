package dev.hivemind.engine;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryDecision;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.retry.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one stage of a run: status, stage record, log lines naming the agent, checkpoints and events around each
 * attempt, and the retries the policy allows. A final failure is recorded (status failed, error, journal) and
 * returned for the caller to throw.
 */
public final class StageRunner {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Approver approver;

    StageRunner(RetryPolicy policy, Sleeper sleeper, Approver approver) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.approver = approver;
    }

    /**
     * @return the pause the stage stopped at, waiting for a person; empty when it completed or was skipped
     * @throws HiveMindException the stage's final failure, after recording it
     */
    Optional<StageResult.Paused> run(Run run, Stage stage) {
        StageName name = stage.name();
        for (int attempt = 1; ; attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                throw fail(run, name, Failures.interrupted(name, run.state(), null), "interrupted");
            }
            begin(run, name);
            Paused paused = new Paused();
            Optional<Throwable> failure = execute(run, stage, paused);
            if (RetryPolicy.interrupted(failure.orElse(null))) {
                throw fail(run, name, Failures.interrupted(name, run.state(), failure.orElse(null)), "interrupted");
            }
            if (failure.isEmpty()) {
                return Optional.ofNullable(paused.result);
            }
            HiveMindException error = Failures.of(failure.get(), name, run.state());
            switch (policy.decide(failure.get(), attempt)) {
                case RetryDecision.RetryAfter retry -> retry(run, name, error, retry);
                case RetryDecision.GiveUp giveUp -> throw fail(run, name, error, giveUp.reason());
            }
        }
    }

    /** Records a stage as skipped without running it. */
    void skip(Run run, StageName name, String reason) {
        Instant now = run.now();
        run.stage(name, record -> new StageRecord(name, StageStatus.SKIPPED, Optional.of(now), Optional.of(now),
                record.attempts()));
        run.log(name.agent(), LogEntry.Level.INFO, label(name) + " skipped: " + reason);
        run.checkpoint();
        run.emit(new DeploymentEvent.StageCompleted(run.id(), name, StageStatus.SKIPPED, Duration.ZERO));
    }

    /**
     * Records the final failure of a stage ({@code why} it is final: not retryable, out of attempts, interrupted):
     * stage failed, error appended, status failed, checkpoint, journal.
     */
    HiveMindException fail(Run run, StageName name, HiveMindException error, String why) {
        return record(run, name, error, label(name) + " failed (" + why + ")", true);
    }

    /**
     * Records the final failure of a hook around {@code stage} like a stage's, leaving the stage's record as it is:
     * a completed stage stays completed, so resume goes on after it and runs the hook again.
     */
    public HiveMindException failHook(Run run, StageName stage, HookName hook, HiveMindException error, String why) {
        return record(run, stage, error, "hook " + hook + " of " + label(stage) + " failed (" + why + ")", false);
    }

    /** The interrupt flag is cleared while files are written (interrupted channels refuse I/O) and restored after. */
    private HiveMindException record(Run run, StageName name, HiveMindException error, String what,
                                     boolean stageFailed) {
        boolean interrupted = Thread.interrupted();
        try {
            if (stageFailed) {
                run.stage(name, record -> record.finished(StageStatus.FAILED, run.now()));
            }
            run.error(error);
            run.log(name.agent(), LogEntry.Level.ERROR, what + ": " + error.errorType() + ": "
                    + error.getMessage() + " (" + error.context() + "). Remediation: " + error.remediation(),
                    HiveMindException.stackTraceOf(error));
            run.status(Status.FAILED);
            run.checkpoint();
            run.writeJournal();
            run.emit(new DeploymentEvent.StageFailed(run.id(), name, error, false, Duration.ZERO));
        } catch (RuntimeException recording) {
            error.addSuppressed(recording);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return error;
    }

    private void begin(Run run, StageName name) {
        run.status(name.runningStatus());
        run.stage(name, record -> record.started(run.now()));
        int attempt = run.attempts(name);
        run.log(name.agent(), LogEntry.Level.INFO, name.agent().displayName() + " started " + label(name)
                + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
        run.checkpoint();
        run.writeJournal();
        run.emit(new DeploymentEvent.StageStarted(run.id(), name, attempt));
    }

    /** Where {@link #execute} leaves a pause. */
    private static final class Paused {
        private StageResult.Paused result;
    }

    private Optional<Throwable> execute(Run run, Stage stage, Paused paused) {
        StageResult result;
        try {
            result = stage.execute(new RunContext(run, stage.name(), sleeper, approver));
        } catch (RuntimeException thrown) {
            return Optional.of(thrown);
        }
        run.merge(result.state());
        return switch (result) {
            case StageResult.Completed completed -> {
                finish(run, stage.name(), StageStatus.COMPLETED, "completed");
                yield Optional.empty();
            }
            case StageResult.Skipped skipped -> {
                finish(run, stage.name(), StageStatus.SKIPPED, "skipped (" + skipped.reason() + ")");
                yield Optional.empty();
            }
            case StageResult.Failed failed -> Optional.of(failed.error());
            case StageResult.Paused pause -> {
                paused.result = pause;
                yield Optional.empty();
            }
        };
    }

    private static void finish(Run run, StageName name, StageStatus outcome, String how) {
        if (Thread.currentThread().isInterrupted()) {
            // an interrupt during the stage stops the run; RetryPolicy.interrupted sees the flag next
            return;
        }
        run.stage(name, record -> record.finished(outcome, run.now()));
        Duration took = run.took(name);
        run.log(name.agent(), LogEntry.Level.INFO, name.agent().displayName() + " " + how + " " + label(name)
                + " in " + seconds(took));
        run.checkpoint();
        run.writeJournal();
        run.emit(new DeploymentEvent.StageCompleted(run.id(), name, outcome, took));
    }

    private void retry(Run run, StageName name, HiveMindException error, RetryDecision.RetryAfter retry) {
        run.stage(name, record -> record.finished(StageStatus.FAILED, run.now()));
        run.log(name.agent(), LogEntry.Level.WARN, label(name) + " attempt " + (retry.nextAttempt() - 1) + " of "
                + retry.maxAttempts() + " failed: " + error.errorType() + ": " + error.getMessage()
                + "; retrying in " + seconds(retry.delay()), HiveMindException.stackTraceOf(error));
        run.checkpoint();
        run.writeJournal();
        run.emit(new DeploymentEvent.StageFailed(run.id(), name, error, true, retry.delay()));
        try {
            sleeper.sleep(retry.delay());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw fail(run, name, Failures.interrupted(name, run.state(), interrupted), "interrupted");
        }
    }

    public static String label(StageName name) {
        return name.number() + " " + name;
    }

    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
