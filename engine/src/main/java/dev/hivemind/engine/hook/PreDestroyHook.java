package dev.hivemind.engine.hook;

import dev.hivemind.api.SecretMask;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.state.DeploymentSecrets;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code pre-destroy} hook {@code hivemind destroy} runs before it stops anything: the one of the app's deployment
 * that serves (or last served) it, in that deployment's workspace with its environment. Its output and outcome go to
 * the deployment's {@code logs.txt} and {@code state.json}, like a hook of a deploy.
 */
public final class PreDestroyHook {
    private final StateStore store;
    private final Clock clock;

    public PreDestroyHook(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Runs the hook of {@code state}, if it has one.
     *
     * @param output each line the hook prints
     * @return the hook as it ended, or empty when the deployment has none
     * @throws HiveMindException when the hook fails; nothing is destroyed then
     */
    public Optional<HookStep> run(DeploymentState state, Consumer<String> output) {
        Optional<HookStep> hook = state.hook(HookName.PRE_DESTROY);
        if (hook.isEmpty()) {
            return Optional.empty();
        }
        String id = state.deploymentId();
        DeploymentState running = state.withHook(hook.get().started(clock.instant()), clock.instant());
        store.save(running);
        log(id, LogEntry.Level.INFO, "hook pre-destroy started: " + hook.get().commands().size() + " command(s)");
        Map<String, String> environment = new LinkedHashMap<>(store.loadEnvironment(id));
        SecretMask secrets = DeploymentSecrets.mask(environment, state.database());
        environment.putAll(HookSteps.variables(state, HookName.PRE_DESTROY));
        HookShell.Setting setting = new HookShell.Setting(HookSteps.workspace(state, store.paths(id)), environment,
                secrets, Agent.PROVISIONER, "Running hook pre-destroy of deployment " + id + " before destroying app '"
                + state.app() + "'", "destroy again; nothing was stopped");
        try {
            HookShell.run(hook.get(), setting, line -> {
                log(id, LogEntry.Level.INFO, "│ " + line);
                output.accept(line);
            });
        } catch (HiveMindException error) {
            end(running, StageStatus.FAILED);
            log(id, LogEntry.Level.ERROR, "hook pre-destroy failed: " + secrets.apply(error.getMessage()));
            throw error;
        }
        log(id, LogEntry.Level.INFO, "hook pre-destroy completed");
        return end(running, StageStatus.COMPLETED).hook(HookName.PRE_DESTROY);
    }

    private DeploymentState end(DeploymentState running, StageStatus outcome) {
        HookStep hook = running.hook(HookName.PRE_DESTROY).orElseThrow();
        DeploymentState ended = running.withHook(hook.finished(outcome, clock.instant()), clock.instant());
        store.save(ended);
        return ended;
    }

    private void log(String id, LogEntry.Level level, String message) {
        store.appendLog(id, new LogEntry(clock.instant(), Agent.PROVISIONER, level, message));
    }
}
