package dev.hivemind.cli;

import dev.hivemind.api.DeploymentState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind resume ID}: continues a deployment from its first unfinished stage. */
@Command(name = "resume", description = "Continue a deployment from its first unfinished stage.")
final class ResumeCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    ResumeCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        DeploymentState state = new Deployments(wiring.store()).byId(id);
        var conductor = wiring.conductor(wiring.target(state.target()), new ProgressPrinter(invocation));
        invocation.err().println("Resuming " + id + " (" + state.app() + ") from "
                + state.firstUnfinishedStage().map(Object::toString).orElse("its end"));
        return new RunReporter(invocation, output).run(id, wiring.store(), () -> conductor.resume(id));
    }
}
