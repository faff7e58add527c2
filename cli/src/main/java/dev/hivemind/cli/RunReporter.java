package dev.hivemind.cli;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.NextSteps;
import dev.hivemind.engine.state.StateJson;
import dev.hivemind.engine.state.StateStore;
import java.util.function.Supplier;

/**
 * Runs a deployment (deploy, resume, retry) and reports how it ended: a summary or the error in the brief's
 * template, the next commands, the state as JSON with {@code --output json}, and the exit code.
 */
public final class RunReporter {
    private final Invocation invocation;
    private final Style style;
    private final OutputFormat format;

    public RunReporter(Invocation invocation, OutputFormat format) {
        this.invocation = invocation;
        this.style = new Style(invocation.styled());
        this.format = format;
    }

    public int run(String deploymentId, StateStore store, Supplier<DeploymentState> run) {
        try {
            DeploymentState state = run.get();
            succeeded(state, store);
            return state.status() == Status.AWAITING_APPROVAL ? ExitCodes.AWAITING_APPROVAL : ExitCodes.OK;
        } catch (HiveMindException error) {
            failed(deploymentId, store, error);
            return Thread.currentThread().isInterrupted() ? ExitCodes.INTERRUPTED : ExitCodes.of(error);
        }
    }

    private void succeeded(DeploymentState state, StateStore store) {
        if (format == OutputFormat.JSON) {
            invocation.out().println(StateJson.write(state));
            return;
        }
        var out = invocation.out();
        out.println();
        if (state.status() == Status.COMPLETE) {
            out.println(style.green("Deployed " + state.app()) + " (" + state.deploymentId() + ")");
            state.url().ifPresent(url -> out.println("URL: " + style.cyan(url)));
        } else if (state.status() == Status.AWAITING_APPROVAL) {
            awaiting(state, store);
            return;
        } else {
            String last = state.stages().stream().filter(stage -> stage.status() == StageStatus.COMPLETED)
                    .reduce((first, second) -> second).map(stage -> stage.name().toString()).orElse("init");
            out.println("Deployment " + state.deploymentId() + " stopped after " + last + " (--until)");
        }
        out.println("Log: " + store.logFile(state.deploymentId()));
        NextSteps.after(state).forEach(step -> out.println("Next: " + step));
    }

    /** Where it waits, what the next stage will do, and the two commands that decide it. */
    private void awaiting(DeploymentState state, StateStore store) {
        var out = invocation.out();
        String id = state.deploymentId();
        state.pendingGate().ifPresent(gate -> {
            out.println(style.bold("Deployment " + id + " is awaiting approval before " + gate.stage().number() + " "
                    + gate.stage()) + ". It will:");
            gate.plan().forEach(line -> out.println("  - " + line));
            gate.expiresAt().ifPresent(at -> out.println("Rejected by itself at " + at + " if not approved"));
        });
        out.println("Log: " + store.logFile(id));
        out.println("Approve: hivemind approve " + id);
        out.println("Reject:  hivemind reject " + id + " --reason TEXT");
    }

    private void failed(String deploymentId, StateStore store, HiveMindException error) {
        var err = invocation.err();
        err.println();
        ErrorPrinter.print(error, style, err);
        var state = store.find(deploymentId);
        if (state.isPresent()) {
            err.println("Full log: " + store.logFile(deploymentId));
            NextSteps.after(state.get()).forEach(step -> err.println("Next: " + step));
            if (format == OutputFormat.JSON) {
                invocation.out().println(StateJson.write(state.get()));
            }
        }
    }
}
