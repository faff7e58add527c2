package dev.hivemind.engine;

import dev.hivemind.api.Progress;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.retry.Sleeper;
import dev.hivemind.engine.state.DeploymentPaths;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The {@link StageContext} the Conductor gives a stage of a run. */
final class RunContext implements StageContext {
    private final Run run;
    private final StageName stage;
    private final Sleeper sleeper;
    private final Approver approver;

    RunContext(Run run, StageName stage, Sleeper sleeper, Approver approver) {
        this.run = run;
        this.stage = stage;
        this.sleeper = sleeper;
        this.approver = approver;
    }

    @Override
    public DeploymentState state() {
        return run.state();
    }

    @Override
    public Progress progress() {
        return new Progress() {
            @Override
            public void line(String text) {
                run.progress(stage, text);
            }

            @Override
            public void rollout(RolloutProgress progress) {
                run.rollout(progress);
            }

            @Override
            public ApprovalDecision approval(List<String> plan) {
                return GateKeeper.decidePause(run, stage, plan, approver);
            }
        };
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
