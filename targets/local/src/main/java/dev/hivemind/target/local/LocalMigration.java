package dev.hivemind.target.local;

import dev.hivemind.api.Progress;
import dev.hivemind.api.SecretMask;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a release's migration command on this machine, before the release starts: first a {@code pg_dump} of the
 * app's private database (when HiveMind runs one), then {@code /bin/sh -c COMMAND} in the artifact directory with
 * the app's environment (as an instance gets it) and its {@code DATABASE_URL}, every output line to the deployment's
 * log.
 */
final class LocalMigration {
    private static final int SHOWN_LINES = 15;

    private final LocalPostgres postgres;

    LocalMigration(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    void run(Target.Migration migration, Consumer<String> onBackup, Progress progress) {
        Optional<Path> backup = postgres.backup(migration.app(), migration.releaseId(), progress);
        backup.ifPresent(file -> onBackup.accept(file.toString()));
        progress.line("migrating with `" + migration.command() + "` in " + migration.artifact());
        Map<String, String> environment = environment(migration);
        ProcessRunner.Outcome outcome = execute(migration, environment, progress);
        if (outcome.timedOut() || outcome.exitCode() != 0) {
            SecretMask secrets = SecretMask.of(environment);
            List<String> tail = outcome.tail().subList(Math.max(0, outcome.tail().size() - SHOWN_LINES),
                    outcome.tail().size()).stream().map(secrets::apply).toList();
            String how = outcome.timedOut() ? "did not finish within " + migration.timeout().toSeconds() + " s"
                    : "failed with exit code " + outcome.exitCode();
            throw new DeploymentException(Agent.DEPLOYER, "the migration `" + migration.command() + "` " + how
                    + "; its last lines:\n  " + String.join("\n  ", tail), "Migrating the database of "
                    + migration.app() + " for release " + migration.releaseId(), "Fix the migration and deploy "
                    + "again; the release serving now was not touched" + backup.map(file -> ". If the migration "
                    + "changed part of the schema, restore the backup taken before it: " + file).orElse(""));
        }
        progress.line("migration finished");
    }

    /** The release's environment, with the private database's {@code DATABASE_URL} unless it names one. */
    private Map<String, String> environment(Target.Migration migration) {
        Map<String, String> environment = new HashMap<>(migration.environment());
        if (!environment.containsKey("DATABASE_URL")) {
            postgres.url(migration.app()).ifPresent(url -> environment.put("DATABASE_URL", url));
        }
        return environment;
    }

    /**
     * The migration is the app's code: it gets the environment an instance gets (the base of
     * {@link CleanEnvironment#appBase}, then the app's variables), not the deploying shell's; and it runs in a process
     * group of its own that dies with this process, and whatever it starts and leaves running is ended with it.
     */
    private ProcessRunner.Outcome execute(Target.Migration migration, Map<String, String> variables,
                                          Progress progress) {
        Map<String, String> environment = new HashMap<>(CleanEnvironment.appBase(System.getenv(),
                migration.artifact()));
        environment.putAll(variables);
        try {
            return ProcessRunner.run(List.of("/bin/sh", "-c", migration.command()), migration.artifact(),
                    environment, progress, ProcessRunner.Options.defaults().withTimeout(migration.timeout())
                            .exactEnvironment().inOwnGroup().endingWhatItLeaves());
        } catch (IOException e) {
            throw new DeploymentException(Agent.DEPLOYER, "cannot start /bin/sh for the migration: " + e.getMessage(),
                    "Migrating the database of " + migration.app(), "Check that /bin/sh exists", e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.DEPLOYER, "interrupted while migrating", "Migrating the database of "
                    + migration.app(), "Deploy again");
        }
    }
}
