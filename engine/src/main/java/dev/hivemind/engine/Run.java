package dev.hivemind.engine;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.SecretMask;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.DeploymentPaths;
import dev.hivemind.engine.state.DeploymentSecrets;
import dev.hivemind.engine.state.JournalWriter;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One run of the pipeline over one deployment: holds the live state, stamps every change with a time that never
 * goes backwards (so logs stay chronological even if the clock steps back), writes each log line to the state
 * and to {@code logs.txt}, checkpoints and tells the listener. Stages may log from several threads. Every log line,
 * progress line and error is masked first: the deployment's secrets ({@link DeploymentSecrets}) never reach the log,
 * the state, the journal or a report, whatever a build, hook or migration printed.
 */
public final class Run {
    private final StateStore store;
    private final DeploymentListener listener;
    private final Clock clock;
    private final JournalWriter journal = new JournalWriter();
    private final DeploymentPaths paths;
    private final Map<String, String> environment;
    private final List<DeploymentEvent> unannounced = new ArrayList<>();
    private DeploymentState state;
    private Instant latest;
    private SecretMask mask;
    private Optional<DatabaseInfo> maskedDatabase = Optional.empty();

    Run(StateStore store, DeploymentState state, Map<String, String> environment, Clock clock,
        DeploymentListener listener) {
        this.store = store;
        this.state = state;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.listener = listener;
        this.paths = store.paths(state.deploymentId());
        this.latest = state.logs().stream().map(LogEntry::timestamp).reduce(state.updatedAt(),
                (a, b) -> a.isAfter(b) ? a : b);
    }

    public String id() {
        return state.deploymentId();
    }

    public synchronized DeploymentState state() {
        return state;
    }

    public DeploymentPaths paths() {
        return paths;
    }

    public Map<String, String> environment() {
        return environment;
    }

    Clock clock() {
        return clock;
    }

    /** The clock's time, or the latest time already used when the clock is behind it. */
    public synchronized Instant now() {
        Instant instant = clock.instant();
        if (instant.isAfter(latest)) {
            latest = instant;
        }
        return latest;
    }

    public synchronized void log(Agent agent, LogEntry.Level level, String message) {
        log(agent, level, message, "");
    }

    /** A log line in the state and in {@code logs.txt}; {@code details} (a stack trace) go to the file only. */
    public synchronized void log(Agent agent, LogEntry.Level level, String message, String details) {
        LogEntry entry = new LogEntry(now(), agent, level, mask().apply(message));
        state = state.withLog(entry);
        store.appendLog(id(), entry, mask().apply(details));
    }

    /** A progress line: {@code logs.txt} and the listener, not the state. */
    public void progress(StageName stage, String text) {
        String masked;
        synchronized (this) {
            masked = mask().apply(text);
            store.appendLog(id(), new LogEntry(now(), stage.agent(), LogEntry.Level.INFO, masked));
        }
        emit(new DeploymentEvent.ProgressLine(id(), stage, masked));
    }

    /** The mask of the secrets known now: the app's database (and its password) comes with the provision stage. */
    public synchronized SecretMask mask() {
        if (mask == null || !state.database().equals(maskedDatabase)) {
            maskedDatabase = state.database();
            mask = DeploymentSecrets.mask(environment, maskedDatabase);
        }
        return mask;
    }

    /**
     * Moves to {@code next} and logs it; the change is announced once the next {@link #checkpoint()} has saved it.
     * Nothing happens when the status is already {@code next}.
     */
    synchronized void status(Status next) {
        Status previous = state.status();
        if (previous == next) {
            return;
        }
        state = state.withStatus(next, now());
        log(Agent.CONDUCTOR, LogEntry.Level.INFO, "status " + previous + " → " + next);
        unannounced.add(new DeploymentEvent.StatusChanged(id(), previous, next));
    }

    synchronized void stage(StageName name, UnaryOperator<StageRecord> change) {
        StageRecord record = state.stage(name).orElseGet(() -> StageRecord.pending(name));
        state = state.withStage(change.apply(record), now());
    }

    public synchronized void hook(HookName name, UnaryOperator<HookStep> change) {
        state.hook(name).ifPresent(step -> state = state.withHook(change.apply(step), now()));
    }

    synchronized void merge(DeploymentState result) {
        state = Outputs.merge(state, result);
    }

    /** Keeps where a canary or rolling update stands; saved at once, so {@code status} shows it while it runs. */
    void rollout(RolloutProgress progress) {
        synchronized (this) {
            state = state.withRollout(Optional.of(progress));
        }
        checkpoint();
    }

    synchronized void pendingGate(Optional<PendingGate> gate) {
        state = state.withPendingGate(gate);
    }

    synchronized void error(HiveMindException error) {
        ErrorEntry entry = ErrorEntry.of(now(), error);
        SecretMask secrets = mask();
        state = state.withError(new ErrorEntry(entry.timestamp(), entry.agent(), entry.errorType(),
                secrets.apply(entry.message()), secrets.apply(entry.context()), secrets.apply(entry.stackTrace()),
                secrets.apply(entry.remediation())));
    }

    /** Saves the state, then announces the status changes it holds. */
    public void checkpoint() {
        List<DeploymentEvent> saved;
        synchronized (this) {
            store.save(state);
            saved = List.copyOf(unannounced);
            unannounced.clear();
        }
        saved.forEach(this::emit);
    }

    public synchronized void writeJournal() {
        journal.write(state, paths.journal());
    }

    synchronized Duration took(StageName name) {
        StageRecord record = state.stage(name).orElseGet(() -> StageRecord.pending(name));
        return record.startedAt().flatMap(start -> record.finishedAt().map(end -> Duration.between(start, end)))
                .orElse(Duration.ZERO);
    }

    synchronized int attempts(StageName name) {
        return state.stage(name).map(StageRecord::attempts).orElse(0);
    }

    public synchronized boolean finished(StageName name) {
        return state.stage(name).map(StageRecord::status)
                .map(status -> status == StageStatus.COMPLETED || status == StageStatus.SKIPPED).orElse(false);
    }

    public void emit(DeploymentEvent event) {
        listener.on(event);
    }
}
