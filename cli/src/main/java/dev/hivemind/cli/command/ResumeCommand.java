package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.ProgressPrinter;
import dev.hivemind.cli.RunReporter;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.RunRange;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind resume ID [--from S] [--until S]}: continues a deployment from its first unfinished stage. */
@Command(name = "resume", description = "Continue a deployment from its first unfinished stage.")
public final class ResumeCommand implements Callable<Integer>, WritesHome {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--from", paramLabel = "STAGE",
            description = "Run from this stage (the stages before it must have completed).")
    Optional<String> from;

    @Option(names = "--until", paramLabel = "STAGE", description = "Stop after this stage.")
    Optional<String> until;

    @Option(names = "--force", description = "Continue it into traffic even though a later deployment of the app "
            + "went into traffic since: the app moves back to this deployment's build.")
    boolean force;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    ResumeCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        RunRange range = new RunRange(from.map(DeployCommand::stage), until.map(DeployCommand::stage));
        Wiring wiring = new Wiring(invocation);
        DeploymentState state = new Deployments(wiring.store()).byId(id);
        var conductor = wiring.conductor(wiring.target(state.target()), new ProgressPrinter(invocation));
        invocation.err().println("Resuming " + id + " (" + state.app() + ") from "
                + range.from().or(state::firstUnfinishedStage).map(Object::toString).orElse("its end"));
        return new RunReporter(invocation, output).run(id, wiring.store(), () -> conductor.resume(id, range, force));
    }
}
