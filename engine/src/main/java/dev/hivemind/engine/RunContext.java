package dev.hivemind.engine;

import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.LogEntry;
import dev.hivemind.api.Progress;
import dev.hivemind.api.StageName;
import java.time.Clock;
import java.util.Map;

/** The {@link StageContext} the Conductor gives a stage of a run. */
final class RunContext implements StageContext {
    private final Run run;
    private final StageName stage;
    private final Sleeper sleeper;

    RunContext(Run run, StageName stage, Sleeper sleeper) {
        this.run = run;
        this.stage = stage;
        this.sleeper = sleeper;
    }

    @Override
    public DeploymentState state() {
        return run.state();
    }

    @Override
    public Progress progress() {
        return text -> run.progress(stage, text);
    }

    @Override
    public void log(LogEntry.Level level, String message) {
        run.log(stage.agent(), level, message);
    }

    @Override
    public Map<String, String> environment() {
        return run.environment();
    }

    @Override
    public DeploymentPaths paths() {
        return run.paths();
    }

    @Override
    public int attempt() {
        return Math.max(1, run.attempts(stage));
    }

    @Override
    public Clock clock() {
        return run.clock();
    }

    @Override
    public Sleeper sleeper() {
        return sleeper;
    }
}
