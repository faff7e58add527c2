package dev.hivemind.cli.command;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.view.AgentAppView;
import dev.hivemind.engine.report.ReportFormat;
import dev.hivemind.engine.report.ReportModel;
import dev.hivemind.engine.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind report ID [--format md|html|ipynb] [--out FILE]}: a deployment's report, to stdout or a file. */
@Command(name = "report", description = "Write a deployment's report (by id, or the one serving an app) as Markdown, HTML "
        + "or a Jupyter notebook.")
public final class ReportCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID|APP")
    String subject;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md", description = "md, html or ipynb.")
    ReportFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Optional<Path> out;

    ReportCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        StateStore store = new Wiring(invocation).store();
        DeploymentState state = new Deployments(store).byIdOrServing(subject,
                app -> AgentAppView.live(invocation.home(), app));
        String report = format.render(ReportModel.of(state, store.listForApp(state.app())));
        if (out.isEmpty()) {
            invocation.out().print(report);
            invocation.out().flush();
            return ExitCodes.OK;
        }
        Path file = invocation.workingDirectory().resolve(out.get()).normalize();
        write(file, report);
        invocation.out().println("Report (" + format + ") of deployment " + state.deploymentId() + " written to "
                + file);
        return ExitCodes.OK;
    }

    /** Written 0600 through a temp file and a rename: a report names the app's hosts, paths and database. */
    private static void write(Path file, String report) {
        if (!Files.isDirectory(file.getParent())) {
            throw new InvalidInputException(Agent.CONDUCTOR, "cannot write the report to " + file + ": "
                    + file.getParent() + " is not a directory", "Writing the report",
                    "Pass --out a file in an existing, writable directory");
        }
        try {
            PrivateFiles.writeAtomically(file, report.getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException error) {
            throw new InvalidInputException(Agent.CONDUCTOR, "cannot write the report to " + file + ": "
                    + error.getClass().getSimpleName() + " " + error.getMessage(), "Writing the report",
                    "Pass --out a file in an existing, writable directory");
        }
    }
}
