package dev.hivemind.cli;

import dev.hivemind.api.Agent;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.LogEntry;
import dev.hivemind.api.Status;
import dev.hivemind.api.Target;
import dev.hivemind.engine.StateStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind rollback APP [--to RELEASE]}: switches the app back to an earlier release, without rebuilding. */
@Command(name = "rollback", description = "Switch an app back to its previous release (or --to a given one).")
final class RollbackCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--to", paramLabel = "RELEASE", description = "The deployment id to go back to (see 'hivemind history APP').")
    Optional<String> release;

    RollbackCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        StateStore store = wiring.store();
        DeploymentState latest = new Deployments(store).ofApp(app).get(0);
        Target target = wiring.target(latest.target());
        Target.RollbackResult result = target.rollback(app, release,
                line -> invocation.err().println("    │ " + line));
        store.find(result.fromRelease()).ifPresent(from -> {
            Instant now = Instant.now();
            DeploymentState rolledBack = from.withLog(new LogEntry(now, Agent.DEPLOYER, LogEntry.Level.WARN,
                    "rolled back: traffic moved to release " + result.toRelease())).withStatus(Status.ROLLED_BACK, now);
            store.save(rolledBack);
        });
        invocation.out().println("Rolled back " + app + " from " + result.fromRelease() + " to " + result.toRelease()
                + "; traffic switched in " + result.switchTime().toNanos() / 1000 + " µs.");
        invocation.out().println("Next: hivemind status " + app + "  ·  hivemind history " + app);
        return ExitCodes.OK;
    }
}
