package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Wiring;
import dev.hivemind.engine.state.LiveRuns;
import dev.hivemind.engine.state.StateStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind history APP}: the app's deployments, newest first; one whose run was killed is {@code interrupted}.
 */
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
        StateStore store = new Wiring(invocation).store();
        List<DeploymentState> deployments = new Deployments(store).ofApp(app);
        LiveRuns runs = new LiveRuns(store.home());
        var out = invocation.out();
        out.printf("%-32s %-14s %-11s %-22s %-9s %s%n", "DEPLOYMENT", "STATUS", "STRATEGY", "CREATED", "COMMIT",
                "DESCRIPTION");
        for (DeploymentState state : deployments) {
            String commit = state.git().flatMap(git -> git.commit()).map(sha -> sha.substring(0, Math.min(8, sha.length())))
                    .orElse("-");
            out.printf("%-32s %-14s %-11s %-22s %-9s %s%n", state.deploymentId(), runs.status(state), state.strategy(),
                    state.createdAt().toString().substring(0, 19) + "Z", commit, state.description());
        }
        out.println();
        out.println("Next: hivemind rollback " + app + " [--to DEPLOYMENT]  or  hivemind status DEPLOYMENT");
        return ExitCodes.OK;
    }
}
