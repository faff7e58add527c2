package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.GatePrompt;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.ProgressPrinter;
import dev.hivemind.cli.RunReporter;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind approve ID}: passes the approval gate a deployment waits at and continues it like {@code deploy}
 * from there: the same progress, output and exit codes, stopping with exit 3 at its next gate.
 */
@Command(name = "approve", description = "Approve the gate a deployment waits at and continue it.")
public final class ApproveCommand implements Callable<Integer>, WritesHome {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--auto-approve", description = "Approve every later gate too.")
    boolean autoApprove;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    ApproveCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        DeploymentState state = new Deployments(wiring.store()).byId(id);
        var conductor = wiring.conductor(wiring.target(state.target()), new ProgressPrinter(invocation),
                GatePrompt.choose(invocation, autoApprove));
        invocation.err().println("Approving " + id + " (" + state.app() + ")"
                + state.pendingGate().map(gate -> " at the gate before " + gate.stage()).orElse(""));
        return new RunReporter(invocation, output).run(id, wiring.store(), () -> conductor.approve(id));
    }
}
