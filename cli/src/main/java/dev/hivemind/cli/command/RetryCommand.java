package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.cli.Deployments;
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

/** {@code hivemind retry ID --stage STAGE}: reruns a deployment from the named stage on. */
@Command(name = "retry", description = "Run a deployment again from the named stage on.")
public final class RetryCommand implements Callable<Integer>, WritesHome {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The stage to start from (see 'hivemind steps').")
    String stage;

    @Option(names = "--force", description = "Continue it into traffic even though a later deployment of the app "
            + "went into traffic since: the app moves back to this deployment's build.")
    boolean force;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    RetryCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        StageName from = DeployCommand.stage(stage);
        Wiring wiring = new Wiring(invocation);
        DeploymentState state = new Deployments(wiring.store()).byId(id);
        var conductor = wiring.conductor(wiring.target(state.target()), new ProgressPrinter(invocation));
        invocation.err().println("Retrying " + id + " (" + state.app() + ") from " + from);
        return new RunReporter(invocation, output).run(id, wiring.store(), () -> conductor.retry(id, from, force));
    }
}
