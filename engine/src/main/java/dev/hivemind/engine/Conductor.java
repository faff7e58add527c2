package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.hook.HookSteps;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.retry.Sleeper;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HiveMind's control plane: runs the pipeline's stages over one deployment, one app at a time (under its
 * {@link AppLock}), checkpointing the state after every stage and status change, retrying what the
 * {@link RetryPolicy} allows, and recording every failure before throwing it.
 *
 * <p>Status: a new deployment is {@code pending} through init and preflight and becomes {@code analyzing} when
 * the analyze stage begins; each stage then sets its running status, and after the last stage the deployment is
 * {@code complete}. A run stopped by {@code --until} keeps the running status of the last stage it ran, and logs
 * how to continue. A run stopped at an approval gate nobody answered is {@code awaiting_approval} until
 * {@link #approve(String)} continues it or {@link Approvals#reject} fails it. Any unrecovered error makes it
 * {@code failed}; the error is then thrown to the caller.
 */
public final class Conductor {
    private final StateStore store;
    private final List<Stage> pipeline;
    private final Clock clock;
    private final DeploymentListener listener;
    private final StageRunner runner;
    private final HookSteps hooks;
    private final GateKeeper gates;
    private final Approvals approvals;

    /** A Conductor whose approval gates wait for {@code hivemind approve} ({@link Approver#DEFER}). */
    public Conductor(StateStore store, List<Stage> pipeline, RetryPolicy retryPolicy, Clock clock, Sleeper sleeper,
                     DeploymentListener listener) {
        this(store, pipeline, retryPolicy, clock, sleeper, listener, Approver.DEFER);
    }

    /**
     * @param approver decides at the approval gates the request names
     */
    public Conductor(StateStore store, List<Stage> pipeline, RetryPolicy retryPolicy, Clock clock, Sleeper sleeper,
                     DeploymentListener listener, Approver approver) {
        this.store = Objects.requireNonNull(store, "store");
        this.gates = new GateKeeper(Objects.requireNonNull(approver, "approver"));
        this.approvals = new Approvals(store, clock, listener);
        this.pipeline = Pipeline.check(pipeline);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.runner = new StageRunner(Objects.requireNonNull(retryPolicy, "retryPolicy"),
                Objects.requireNonNull(sleeper, "sleeper"), approver);
        this.hooks = new HookSteps(retryPolicy, sleeper, runner);
    }

    /** Starts a new deployment; see {@link #start(DeploymentState, Map, RunRange, boolean)}. */
    public DeploymentState start(DeploymentState initial, Map<String, String> environment, RunRange range) {
        return start(initial, environment, range, false);
    }

    /**
     * Starts a new deployment: takes the app's lock, creates the deployment with its environment stored apart,
     * and runs the stages in {@code range} (which must start at init).
     *
     * @param skipPreflight record preflight as skipped instead of running it
     * @return the state when the run ended: complete, or stopped after {@code range.until()}
     * @throws InvalidInputException when the range or initial state is not usable; nothing is created then
     * @throws LockedException when another deployment of the app is running; nothing is created then
     * @throws InvalidInputException also when another deployment of the app awaits approval
     * @throws dev.hivemind.api.error.HiveMindException the failure that stopped the run, after recording it
     */
    public DeploymentState start(DeploymentState initial, Map<String, String> environment, RunRange range,
                                 boolean skipPreflight) {
        RunPlan plan = RunPlan.forNew(initial, range, skipPreflight);
        if (store.find(initial.deploymentId()).isPresent()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "deployment " + initial.deploymentId()
                    + " already exists", "Starting deployment " + initial.deploymentId(),
                    "Continue it with `hivemind resume " + initial.deploymentId() + "`");
        }
        try (AppLock lock = AppLock.acquire(store.home(), initial.app(), initial.deploymentId(), clock)) {
            approvals.refuseWhileWaiting(initial.app(), initial.deploymentId());
            store.create(initial);
            store.saveEnvironment(initial.deploymentId(), environment);
            Run run = new Run(store, initial, environment, clock, listener);
            run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "deployment " + initial.deploymentId() + " created for app '"
                    + initial.app() + "' (lock held by pid " + lock.holder().pid() + ")");
            return execute(run, plan, Optional.empty());
        }
    }

    /**
     * Approves the gate a deployment waits at and continues it from the gated stage, like a deploy from there:
     * it stops again at the next gate the {@link Approver} defers.
     *
     * @throws InvalidInputException when it is not awaiting approval
     * @throws dev.hivemind.api.error.HiveMindException the rejection when the gate's timeout has passed, or the failure
     *                                            that stopped the run
     */
    public DeploymentState approve(String id) {
        DeploymentState found = Approvals.requireWaiting(store.load(id), "approve");
        try (AppLock lock = AppLock.acquire(store.home(), found.app(), id, clock)) {
            Run run = approvals.run(Approvals.requireWaiting(store.load(id), "approve"));
            var gate = approvals.openGate(run);
            GateKeeper.approved(run, gate, "hivemind approve, lock held by pid " + lock.holder().pid());
            RunPlan plan = RunPlan.forExisting(run.state(), RunRange.startingAt(gate.stage()));
            return execute(run, plan, Optional.of(gate.stage()));
        }
    }

    /** Continues a deployment from its first stage not completed (after a failure, a crash or {@code --until}). */
    public DeploymentState resume(String id) {
        return resume(id, RunRange.all());
    }

    /** Continues a deployment over {@code range}; see {@link #resume(String, RunRange, boolean)}, unforced. */
    public DeploymentState resume(String id, RunRange range) {
        return resume(id, range, false);
    }

    /**
     * Continues a deployment over {@code range}: from {@code range.from()} (default: the first stage not
     * completed), whose earlier stages must all have completed, through {@code range.until()}.
     *
     * @param force continue through the deploy stage even when a later deployment of the app went into traffic
     *              since ({@link Supersession}): the app's traffic then moves back to this deployment's build
     * @throws InvalidInputException for an unknown, complete, rolled back or destroyed deployment, a range
     *                               that skips unfinished stages, or (unforced) a superseded deployment
     */
    public DeploymentState resume(String id, RunRange range, boolean force) {
        return continueRun(id, range, force, "resuming");
    }

    /** Runs {@code stage} and the stages after it again; the stages before it must have completed. */
    public DeploymentState retry(String id, StageName stage) {
        return retry(id, stage, false);
    }

    /** Like {@link #retry(String, StageName)}; {@code force} as for {@link #resume(String, RunRange, boolean)}. */
    public DeploymentState retry(String id, StageName stage, boolean force) {
        return continueRun(id, RunRange.startingAt(stage), force, "retrying");
    }

    private DeploymentState continueRun(String id, RunRange range, boolean force, String verb) {
        DeploymentState found = store.load(id);
        RunPlan.forExisting(found, range);
        try (AppLock lock = AppLock.acquire(store.home(), found.app(), id, clock)) {
            DeploymentState state = store.load(id);
            refuseWaiting(state, verb);
            approvals.refuseWhileWaiting(state.app(), id);
            RunPlan plan = RunPlan.forExisting(state, range);
            Optional<String> forced = Supersession.check(store, state, plan, force);
            Run run = new Run(store, state, store.loadEnvironment(id), clock, listener);
            forced.ifPresent(warning -> run.log(Agent.CONDUCTOR, LogEntry.Level.WARN, warning));
            reopen(run, plan.from(), verb + " (lock held by pid " + lock.holder().pid() + ")");
            return execute(run, plan, Optional.empty());
        }
    }

    /** A deployment waiting at a gate continues only by approve; its timeout is checked first. */
    private void refuseWaiting(DeploymentState state, String verb) {
        if (state.status() != Status.AWAITING_APPROVAL) {
            return;
        }
        var gate = approvals.openGate(approvals.run(state));
        throw new InvalidInputException(Agent.CONDUCTOR, "deployment " + state.deploymentId()
                + " is awaiting approval before " + gate.stage() + "; " + verb + " cannot pass a gate",
                "Continuing deployment " + state.deploymentId(), "Approve it with `hivemind approve "
                + state.deploymentId() + "` or reject it with `hivemind reject " + state.deploymentId()
                + " --reason TEXT`");
    }

    /** Sets the stages from {@code from} on back to pending, noting any a crashed run left running. */
    private static void reopen(Run run, StageName from, String verb) {
        DeploymentState state = run.state();
        List<StageName> leftRunning = new ArrayList<>();
        HookSteps.reopen(run, from);
        for (StageRecord stage : state.stages()) {
            if (stage.name().compareTo(from) >= 0 && stage.status() != StageStatus.PENDING) {
                if (stage.status() == StageStatus.RUNNING) {
                    leftRunning.add(stage.name());
                }
                run.stage(stage.name(), StageRecord::reset);
            }
        }
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, verb + ": deployment " + state.deploymentId() + " continues at "
                + StageRunner.label(from) + " (status was " + state.status() + ")"
                + (leftRunning.isEmpty() ? "" : "; " + leftRunning + " was still running when the last run stopped"));
        run.checkpoint();
    }

    /** Runs the plan's stages, asking at each gate but the one {@code approved} already passed. */
    private DeploymentState execute(Run run, RunPlan plan, Optional<StageName> approved) {
        hooks.catchUp(run, plan.from());
        for (Stage stage : pipeline) {
            StageName name = stage.name();
            if (!plan.covers(name)) {
                continue;
            }
            if (plan.skips(name)) {
                runner.skip(run, name, "--skip-" + name);
            } else if (approved.filter(name::equals).isEmpty() && !gates.open(run, stage)) {
                return run.state();
            } else {
                hooks.before(run, name);
                Optional<StageResult.Paused> paused = runner.run(run, stage);
                if (paused.isPresent()) {
                    GateKeeper.pausedIn(run, name, paused.get().plan());
                    return run.state();
                }
                hooks.after(run, name);
            }
            if (plan.stopsAfter(name)) {
                stopped(run, name);
                return run.state();
            }
        }
        complete(run);
        return run.state();
    }

    private static void stopped(Run run, StageName last) {
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "stopped after " + StageRunner.label(last) + " (--until "
                + last + "); continue with `hivemind resume " + run.id() + "`");
        run.checkpoint();
        run.writeJournal();
    }

    private static void complete(Run run) {
        run.status(Status.COMPLETE);
        run.log(Agent.CONDUCTOR, LogEntry.Level.INFO, "deployment " + run.id() + " of app '" + run.state().app()
                + "' is complete" + run.state().url().map(url -> "; serving " + url).orElse(""));
        run.checkpoint();
        run.writeJournal();
    }
}
