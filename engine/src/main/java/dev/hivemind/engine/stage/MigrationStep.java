package dev.hivemind.engine.stage;

import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.StageContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deploy stage's first step: the stack's migration command, run by the target in the release's artifact
 * directory with the app's environment before the release starts (so before any traffic moves), after a backup of a
 * database the target runs; the backup's path goes to the state ({@code database.backup_path}) and the log.
 */
final class MigrationStep {
    /** How long a migration may run before it is killed and the deployment fails. */
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Target target;

    MigrationStep(Target target) {
        this.target = target;
    }

    /** The state with the backup recorded; unchanged when the stack has no migration command. */
    DeploymentState run(StageContext context, DeploymentState state, TechStack stack, Path artifact) {
        if (stack.migrateCommand().isEmpty()) {
            return state;
        }
        String command = stack.migrateCommand().get();
        AtomicReference<Optional<String>> backup = new AtomicReference<>(Optional.empty());
        context.info("migrating the database before release " + state.deploymentId() + " starts: `" + command + "`");
        target.migrate(new Target.Migration(state.app(), state.deploymentId(), artifact, command,
                context.environment(), TIMEOUT), path -> {
                    backup.set(Optional.of(path));
                    context.info("backed up the database to " + path + " (pg_dump, custom format) before migrating");
                }, context.progress());
        context.info("migration `" + command + "` finished");
        return backup.get().flatMap(path -> state.database().map(info -> state.withDatabase(
                Optional.of(info.withBackupPath(path))))).orElse(state);
    }

    /** The plan's line for the migration, when there is one. */
    static Optional<String> plan(TechStack stack) {
        return stack.migrateCommand().map(command -> "back up the database (pg_dump) and run the migration `"
                + command + "` before the release starts; a failure stops here, the serving release untouched");
    }
}
