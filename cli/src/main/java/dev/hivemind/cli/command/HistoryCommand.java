package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Wiring;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hivemind history APP}: the app's deployments, newest first. */
@Command(name = "history", description = "List an app's deployments, newest first.")
public final class HistoryCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    HistoryCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        List<DeploymentState> deployments = new Deployments(new Wiring(invocation).store()).ofApp(app);
        var out = invocation.out();
        out.printf("%-32s %-14s %-11s %-22s %-9s %s%n", "DEPLOYMENT", "STATUS", "STRATEGY", "CREATED", "COMMIT",
                "DESCRIPTION");
        for (DeploymentState state : deployments) {
            String commit = state.git().flatMap(git -> git.commit()).map(sha -> sha.substring(0, Math.min(8, sha.length())))
                    .orElse("-");
            out.printf("%-32s %-14s %-11s %-22s %-9s %s%n", state.deploymentId(), state.status(), state.strategy(),
                    state.createdAt().toString().substring(0, 19) + "Z", commit, state.description());
        }
        out.println();
        out.println("Next: hivemind rollback " + app + " [--to DEPLOYMENT]  or  hivemind status DEPLOYMENT");
        return ExitCodes.OK;
    }
}
