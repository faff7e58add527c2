package dev.hivemind.cli.command;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.Status;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.hook.PreDestroyHook;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind destroy APP}: stops every instance and the proxy of the app and frees its port. */
@Command(name = "destroy", description = "Stop every instance and the proxy of an app and free its port; its "
        + "private database is stopped and kept unless --purge-data.")
public final class DestroyCommand implements Callable<Integer>, WritesHome {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--auto-approve", description = "Do not ask for confirmation (needed without a terminal).")
    boolean autoApprove;

    @Option(names = "--purge-data", description = "Also delete the app's private database (its data, password and "
            + "backups); without it the database is stopped and kept for the next deploy.")
    boolean purgeData;

    @Option(names = "--purge-host", description = "Target ssh: also remove HiveMind itself (its agent and service, "
            + "/var/lib/hivemind, the hivemind user) from each of the app's hosts that runs no other app.")
    boolean purgeHost;

    @Option(names = "--skip-final-snapshot", description = "Target aws: delete the RDS database without a final "
            + "snapshot (by default one is taken and kept, named hivemind-APP-final-TIME).")
    boolean skipFinalSnapshot;

    @Option(names = "--skip-hooks", description = "Do not run hivemind.yaml's pre-destroy hook.")
    boolean skipHooks;

    DestroyCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        StateStore store = wiring.store();
        List<DeploymentState> deployments = new Deployments(store).ofApp(app);
        Target target = wiring.target(deployments.get(0).target());
        if (purgeHost && !target.hasHosts()) {
            throw new InvalidInputException(Agent.CONDUCTOR, app + " runs on the " + deployments.get(0).target()
                    + " target, which has no hosts of its own to purge", "Destroying " + app, "Run hivemind destroy "
                    + app + " without --purge-host; --purge-host is for apps deployed with --target ssh");
        }
        if (!confirmed()) {
            invocation.err().println("Not destroyed.");
            return ExitCodes.FAILED;
        }
        List<String> purged;
        // under the app's lock: a deploy running now would fail halfway, with an error that does not say why
        try (AppLock lock = AppLock.acquireForCommand(store.home(), app, "hivemind destroy " + app,
                Clock.systemUTC())) {
            purged = destroy(target, store, deployments);
        }
        invocation.out().println("Destroyed " + app + ": no instance runs and its port is free. "
                + "Its deployment records stay in " + invocation.home().deployments() + ".");
        purged.forEach(line -> invocation.out().println("Deleted " + line + "."));
        keptDatabase(deployments).ifPresent(dataDirectory -> invocation.out().println("Kept the data of its "
                + "PostgreSQL in " + dataDirectory + " (stopped; the next deploy starts it again). Delete it with: "
                + "hivemind destroy " + app + " --purge-data --auto-approve"));
        invocation.out().println("Next: hivemind deploy SOURCE --app " + app + " to deploy it again");
        return ExitCodes.OK;
    }

    /** Runs the pre-destroy hook, stops the app (and purges its data if asked) and marks its deployments destroyed. */
    private List<String> destroy(Target target, StateStore store, List<DeploymentState> deployments) {
        if (!skipHooks) {
            preDestroy(store, deployments);
        }
        if (purgeHost) {
            target.destroyAndPurgeHosts(app, line -> invocation.err().println("    │ " + line));
        } else {
            target.destroy(app, new Target.DestroyOptions(skipFinalSnapshot),
                    line -> invocation.err().println("    │ " + line));
        }
        List<String> purged = purgeData ? target.purgeData(app, line -> invocation.err().println("    │ " + line))
                : List.of();
        Instant now = Instant.now();
        for (DeploymentState listed : deployments) {
            DeploymentState state = store.load(listed.deploymentId());
            if (state.status() == Status.COMPLETE || state.status() == Status.ROLLED_BACK) {
                store.save(state.withLog(new LogEntry(now, Agent.PROVISIONER, LogEntry.Level.INFO,
                        "destroyed: every instance and the proxy of " + app + " stopped")).withStatus(Status.DESTROYED, now));
            }
        }
        return purged;
    }

    /** The data directory of the private database this destroy kept, when the app had one. */
    private Optional<String> keptDatabase(List<DeploymentState> deployments) {
        if (purgeData) {
            return Optional.empty();
        }
        return deployments.stream().flatMap(state -> state.database().stream()).filter(DatabaseInfo::provisioned)
                .flatMap(info -> info.dataDirectory().stream()).filter(dir -> Files.isDirectory(Path.of(dir)))
                .findFirst();
    }

    /** The pre-destroy hook of the deployment that serves the app (else its newest), before anything stops. */
    private void preDestroy(StateStore store, List<DeploymentState> deployments) {
        DeploymentState serving = deployments.stream().filter(state -> state.status() == Status.COMPLETE).findFirst()
                .orElse(deployments.get(0));
        Style style = new Style(invocation.styled());
        serving.hook(HookName.PRE_DESTROY).ifPresent(hook -> invocation.err().println("Running the pre-destroy hook of "
                + serving.deploymentId() + " (" + String.join("; ", hook.commands()) + ")"));
        new PreDestroyHook(store, Clock.systemUTC()).run(serving,
                line -> invocation.err().println(style.dim("    │ " + line)));
    }

    private boolean confirmed() {
        if (autoApprove) {
            return true;
        }
        if (!invocation.terminal()) {
            throw new InvalidInputException(Agent.PROVISIONER, "destroy needs confirmation and there is no terminal to ask",
                    "Destroying " + app, "Run: hivemind destroy " + app + " --auto-approve");
        }
        invocation.err().print("Destroy " + app + "? Every instance stops and its port closes"
                + (purgeData ? "; its database and backups are DELETED" : "") + ". [y/N] ");
        invocation.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }
}
