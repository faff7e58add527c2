package dev.hivemind.cli.command;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.Status;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hivemind rollback APP [--to RELEASE]}: switches the app back to an earlier release, without rebuilding. */
@Command(name = "rollback", description = "Switch an app back to its previous release (or --to a given one).")
public final class RollbackCommand implements Callable<Integer>, WritesHome {
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "APP")
    String app;

    @Option(names = "--to", paramLabel = "RELEASE", description = "The deployment id to go back to (see 'hivemind history APP').")
    Optional<String> release;

    RollbackCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    /**
     * What a rollback leaves as it was: the database. Said when the app has one, with its latest backup (taken before
     * a migration) and the command that restores it.
     */
    private List<String> databaseNote(StateStore store) {
        List<DatabaseInfo> databases = new Deployments(store).ofApp(app).stream()
                .flatMap(state -> state.database().stream()).toList();
        if (databases.isEmpty()) {
            return List.of();
        }
        Optional<DatabaseInfo> backedUp = databases.stream().filter(info -> info.backupPath().isPresent()).findFirst();
        if (backedUp.isEmpty()) {
            return List.of("The database was not rolled back: a rollback moves traffic only, and no migration "
                    + "backup of " + app + " exists.");
        }
        DatabaseInfo info = backedUp.get();
        String password = info.passwordFile().map(file -> "PGPASSWORD=\"$(cat " + file + ")\" ").orElse("");
        return List.of("The database was not rolled back: a rollback does not undo a schema change (migrations stay "
                        + "applied).",
                "Latest backup, taken before a migration: " + info.backupPath().get(),
                "Restore it (this replaces the current data) with: " + password + "pg_restore --clean --if-exists "
                        + "--no-owner --host=" + info.host() + " --port=" + info.port() + " --username=" + info.role()
                        + " --dbname=" + info.database() + " " + info.backupPath().get());
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Wiring wiring = new Wiring(invocation);
        StateStore store = wiring.store();
        DeploymentState latest = new Deployments(store).ofApp(app).get(0);
        Target target = wiring.target(latest.target());
        Target.RollbackResult result;
        // under the app's lock: a deploy running now would move the traffic again seconds later, without notice
        try (AppLock lock = AppLock.acquireForCommand(store.home(), app, "hivemind rollback " + app,
                Clock.systemUTC())) {
            result = target.rollback(app, release, line -> invocation.err().println("    │ " + line));
            store.find(result.fromRelease()).ifPresent(from -> {
                Instant now = Instant.now();
                DeploymentState rolledBack = from.withLog(new LogEntry(now, Agent.DEPLOYER, LogEntry.Level.WARN,
                        "rolled back: traffic moved to release " + result.toRelease()))
                        .withStatus(Status.ROLLED_BACK, now);
                store.save(rolledBack);
            });
        }
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        invocation.out().println("Rolled back " + app + " from " + result.fromRelease() + " to " + result.toRelease()
                + " in " + tookMillis + " ms; traffic switched in " + result.switchTime().toNanos() / 1000 + " µs.");
        databaseNote(store).forEach(invocation.out()::println);
        invocation.out().println("Next: hivemind status " + app + "  ·  hivemind history " + app);
        return ExitCodes.OK;
    }
}
