package dev.hivemind.engine.hook;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.DeploymentEvent;
import dev.hivemind.engine.Failures;
import dev.hivemind.engine.GateKeeper;
import dev.hivemind.engine.Run;
import dev.hivemind.engine.StageRunner;
import dev.hivemind.engine.retry.RetryDecision;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.retry.Sleeper;
import dev.hivemind.engine.stage.AppSource;
import dev.hivemind.engine.state.DeploymentPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a deployment's hooks around their stages: a pre hook after the stage's approval gate and before the stage,
 * a post hook once the stage completed. Each is checkpointed like a stage (a completed hook does not run again when
 * the deployment resumes) and retried under the policy of its error (a hook's failure is a deploy failure). A hook
 * that fails for good fails the deployment but not its stage: a pre hook runs again when its stage does, a post
 * hook (its stage completed) when the run continues, before the next stage's gate.
 */
public final class HookSteps {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final StageRunner stages;

    public HookSteps(RetryPolicy policy, Sleeper sleeper, StageRunner stages) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.stages = stages;
    }

    /** Runs the pre hook of {@code stage} unless it completed already. */
    public void before(Run run, StageName stage) {
        runAt(run, stage, true);
    }

    /** Runs the post hooks of the stages before {@code from} that completed while their hook did not. */
    public void catchUp(Run run, StageName from) {
        for (HookStep hook : run.state().hooks()) {
            hook.name().stage().filter(stage -> !hook.name().before() && stage.compareTo(from) < 0)
                    .filter(stage -> run.finished(stage) && !hook.completed())
                    .ifPresent(stage -> run(run, hook.name(), stage));
        }
    }

    /** Runs the post hook of {@code stage} unless it completed already. */
    public void after(Run run, StageName stage) {
        runAt(run, stage, false);
    }

    /**
     * Sets the hooks of the stages that ran to completion from {@code from} on back to pending: running a completed
     * stage again runs its hooks again. A failed stage keeps its completed pre hook.
     */
    public static void reopen(Run run, StageName from) {
        for (HookStep hook : run.state().hooks()) {
            hook.name().stage().filter(stage -> stage.compareTo(from) >= 0 && run.finished(stage))
                    .filter(stage -> hook.status() != StageStatus.PENDING)
                    .ifPresent(stage -> run.hook(hook.name(), HookStep::reset));
        }
    }

    private void runAt(Run run, StageName stage, boolean before) {
        for (HookStep hook : run.state().hooks()) {
            boolean here = hook.name().stage().filter(stage::equals).isPresent() && hook.name().before() == before;
            if (here && !hook.completed()) {
                run(run, hook.name(), stage);
            }
        }
    }

    private void run(Run run, HookName name, StageName stage) {
        for (int attempt = 1; ; attempt++) {
            HookStep hook = begin(run, name, stage);
            try {
                HookShell.run(hook, setting(run, hook, stage), line -> run.progress(stage, "│ " + line));
                finish(run, name, stage);
                return;
            } catch (HiveMindException error) {
                run.hook(name, step -> step.finished(StageStatus.FAILED, run.now()));
                switch (policy.decide(error, attempt)) {
                    case RetryDecision.RetryAfter retry -> retry(run, name, stage, error, retry);
                    case RetryDecision.GiveUp giveUp -> throw stages.failHook(run, stage, name, error,
                            giveUp.reason());
                }
            }
        }
    }

    private static HookStep begin(Run run, HookName name, StageName stage) {
        run.hook(name, step -> step.started(run.now()));
        HookStep hook = run.state().hook(name).orElseThrow();
        say(run, stage, LogEntry.Level.INFO, "hook " + name + " started" + (hook.attempts() > 1
                ? " (attempt " + hook.attempts() + ")" : "") + ": " + hook.commands().size() + " command"
                + (hook.commands().size() == 1 ? "" : "s") + " within " + GateKeeper.describe(hook.timeout()));
        run.checkpoint();
        run.writeJournal();
        return hook;
    }

    private static void finish(Run run, HookName name, StageName stage) {
        run.hook(name, step -> step.finished(StageStatus.COMPLETED, run.now()));
        HookStep hook = run.state().hook(name).orElseThrow();
        String took = hook.startedAt().flatMap(start -> hook.finishedAt().map(end -> StageRunner.seconds(
                Duration.between(start, end)))).orElse("0.0 s");
        say(run, stage, LogEntry.Level.INFO, "hook " + name + " completed in " + took);
        run.checkpoint();
        run.writeJournal();
    }

    private void retry(Run run, HookName name, StageName stage, HiveMindException error,
                       RetryDecision.RetryAfter retry) {
        say(run, stage, LogEntry.Level.WARN, "hook " + name + " attempt " + (retry.nextAttempt() - 1) + " of "
                + retry.maxAttempts() + " failed: " + error.getMessage() + "; retrying in "
                + StageRunner.seconds(retry.delay()));
        run.checkpoint();
        try {
            sleeper.sleep(retry.delay());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw stages.failHook(run, stage, name, Failures.interrupted(stage, run.state(), interrupted),
                    "interrupted");
        }
    }

    /** A line for the state and {@code logs.txt}, shown live like the stage's progress. */
    private static void say(Run run, StageName stage, LogEntry.Level level, String message) {
        run.log(stage.agent(), level, message);
        run.emit(new DeploymentEvent.ProgressLine(run.id(), stage, message));
    }

    /** The app's directory, the app's environment and what the hook may want to know about the deployment. */
    private static HookShell.Setting setting(Run run, HookStep hook, StageName stage) {
        DeploymentState state = run.state();
        Map<String, String> environment = new LinkedHashMap<>(run.environment());
        environment.putAll(variables(state, hook.name()));
        return new HookShell.Setting(workspace(state, run.paths()), environment, run.mask(), stage.agent(),
                "Running hook " + hook.name() + " of deployment " + state.deploymentId() + " for app '" + state.app()
                        + "' around stage " + StageRunner.label(stage),
                "`hivemind resume " + state.deploymentId() + "`; a changed hooks." + hook.name() + " in hivemind.yaml "
                        + "is read again by `hivemind retry " + state.deploymentId() + " --stage analyze`");
    }

    /** The app's directory: the local source's, or the app's in the deployment's clone. */
    static Path workspace(DeploymentState state, DeploymentPaths paths) {
        return AppSource.appDirectory(AppSource.fetchedDirectory(state, paths), state.request().appDir());
    }

    /** {@code HIVEMIND_DEPLOYMENT_ID}, {@code _APP}, {@code _ENVIRONMENT}, {@code _HOOK}, {@code _ARTIFACT}, {@code _URL}. */
    static Map<String, String> variables(DeploymentState state, HookName hook) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("HIVEMIND_DEPLOYMENT_ID", state.deploymentId());
        variables.put("HIVEMIND_APP", state.app());
        variables.put("HIVEMIND_ENVIRONMENT", state.request().environment());
        variables.put("HIVEMIND_HOOK", hook.toString());
        state.buildArtifact().ifPresent(artifact -> variables.put("HIVEMIND_ARTIFACT", artifact.path()));
        state.url().ifPresent(url -> variables.put("HIVEMIND_URL", url));
        return variables;
    }
}
