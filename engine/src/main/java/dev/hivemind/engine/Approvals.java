package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Deployments waiting at an approval gate: rejecting them (by a person or by their timeout) and keeping other
 * runs of the same app out while one waits.
 *
 * <p>A waiting deployment has no process, so it cannot hold the app's {@link AppLock} (an OS lock, released when
 * its process exits). Instead every run that takes the lock checks, under it, that no other deployment of the app
 * is {@code awaiting_approval}: the lock orders these checks, so a waiting deployment keeps the app as surely as a
 * running one, survives restarts, and frees it when it is approved to the end, rejected or times out.
 */
public final class Approvals {
    private final StateStore store;
    private final Clock clock;
    private final DeploymentListener listener;

    public Approvals(StateStore store, Clock clock, DeploymentListener listener) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Rejects a waiting deployment with {@code reason}.
     *
     * @return the failed state
     * @throws InvalidInputException when it is not awaiting approval
     * @throws dev.hivemind.api.error.LockedException when a run of its app is going on
     */
    public DeploymentState reject(String id, String reason) {
        DeploymentState found = requireWaiting(store.load(id), "reject");
        try (AppLock ignored = AppLock.acquire(store.home(), found.app(), id, clock)) {
            Run run = run(requireWaiting(store.load(id), "reject"));
            GateKeeper.reject(run, gate(run.state()), reason);
            return run.state();
        }
    }

    /**
     * The deployment, rejected first if it waits at a gate whose timeout has passed (and no run holds its app).
     */
    public DeploymentState expireIfDue(String id) {
        DeploymentState state = store.load(id);
        if (!expired(state)) {
            return state;
        }
        try (AppLock ignored = AppLock.acquire(store.home(), state.app(), id, clock)) {
            return expireLocked(store.load(id));
        } catch (LockedException running) {
            return state; // a run of the app holds it; that run checks the timeout itself
        }
    }

    /**
     * Refuses a run of {@code app} (by {@code id}) while another of its deployments awaits approval; one whose
     * timeout has passed is rejected instead. The caller holds the app's lock.
     *
     * @throws InvalidInputException naming the waiting deployment and the commands that release it
     */
    void refuseWhileWaiting(String app, String id) {
        for (DeploymentState other : store.listForApp(app)) {
            if (other.deploymentId().equals(id) || other.status() != Status.AWAITING_APPROVAL) {
                continue;
            }
            if (expireLocked(other).status() == Status.AWAITING_APPROVAL) {
                String waiting = other.deploymentId();
                throw new InvalidInputException(Agent.CONDUCTOR, "app '" + app + "' has deployment " + waiting
                        + " awaiting approval before " + gate(other).stage(),
                        "Starting deployment " + id + " of app '" + app + "'",
                        "Approve it with `hivemind approve " + waiting + "` or reject it with `hivemind reject "
                                + waiting + " --reason TEXT`, then deploy again");
            }
        }
    }

    /**
     * The waiting deployment's gate after checking its timeout; the caller holds the app's lock.
     *
     * @throws HiveMindException the timeout's rejection, after recording it
     */
    PendingGate openGate(Run run) {
        PendingGate gate = gate(run.state());
        if (gate.expiredAt(clock.instant())) {
            throw GateKeeper.reject(run, gate, GateKeeper.timedOut(gate));
        }
        return gate;
    }

    Run run(DeploymentState state) {
        return new Run(store, state, store.loadEnvironment(state.deploymentId()), clock, listener);
    }

    private DeploymentState expireLocked(DeploymentState state) {
        if (!expired(state)) {
            return state;
        }
        Run run = run(state);
        PendingGate gate = gate(state);
        GateKeeper.reject(run, gate, GateKeeper.timedOut(gate));
        return run.state();
    }

    private boolean expired(DeploymentState state) {
        return state.status() == Status.AWAITING_APPROVAL && gate(state).expiredAt(clock.instant());
    }

    /** The recorded gate; a state that lost it waits before its first unfinished stage, without a timeout. */
    static PendingGate gate(DeploymentState state) {
        return state.pendingGate().orElseGet(() -> new PendingGate(
                state.firstUnfinishedStage().orElse(StageName.REPORT), List.of(), state.updatedAt(),
                Optional.empty()));
    }

    /**
     * @throws InvalidInputException when {@code state} is not awaiting approval
     */
    static DeploymentState requireWaiting(DeploymentState state, String verb) {
        if (state.status() != Status.AWAITING_APPROVAL) {
            throw new InvalidInputException(Agent.CONDUCTOR, "deployment " + state.deploymentId()
                    + " is not awaiting approval (status " + state.status() + "); there is nothing to " + verb,
                    "Deciding an approval gate of deployment " + state.deploymentId(),
                    "See where it is with `hivemind status " + state.deploymentId() + "`");
        }
        return state;
    }
}
