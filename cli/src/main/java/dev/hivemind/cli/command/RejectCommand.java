package dev.hivemind.cli.command;

import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.NextSteps;
import dev.hivemind.engine.state.StateJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind reject ID [--reason TEXT]}: fails a deployment waiting at an approval gate, with the reason. */
@Command(name = "reject", description = "Reject the gate a deployment waits at; it fails with the reason.")
public final class RejectCommand implements Callable<Integer>, WritesHome {
    static final String DEFAULT_REASON = "rejected with hivemind reject";

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = DEFAULT_REASON,
            description = "Why, kept in the deployment's error (default: ${DEFAULT-VALUE}).")
    String reason;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    RejectCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        DeploymentState waiting = new Deployments(wiring.store()).byId(id);
        String stage = waiting.pendingGate()
                .map(gate -> gate.stage().toString()).orElse("its next stage");
        String why = reason.isBlank() ? DEFAULT_REASON : reason.strip();
        DeploymentState rejected = wiring.approvals().reject(id, why);
        boolean canaryStopped = waiting.rollout().filter(RolloutProgress::awaitingApproval).isPresent();
        if (canaryStopped) {
            wiring.target(waiting.target()).abortRollout(waiting.app(), id, why, invocation.err()::println);
        }
        if (output == OutputFormat.JSON) {
            invocation.out().println(StateJson.write(rejected));
            return ExitCodes.OK;
        }
        var out = invocation.out();
        out.println("Rejected deployment " + id + " of " + rejected.app() + " before " + stage + ": " + why
                + " (status " + rejected.status() + ")");
        if (canaryStopped) {
            out.println("The " + waiting.strategy() + " was aborted: all traffic is back on the stable release and "
                    + id + " is stopped");
        } else {
            out.println("Nothing after the gate ran" + rejected.url().map(url -> "; " + url + " serves what it did")
                    .orElse(""));
        }
        NextSteps.after(rejected).forEach(step -> out.println("Next: " + step));
        return ExitCodes.OK;
    }
}
