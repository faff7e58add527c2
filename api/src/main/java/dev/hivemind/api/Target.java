package dev.hivemind.api;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where an app runs. Targets are plugins found with {@link java.util.ServiceLoader}; the engine drives
 * them through this interface only.
 */
public interface Target extends AutoCloseable {

    /** The name used with {@code --target}, e.g. {@code local}. */
    String name();

    /** Checks what this target needs before anything changes (ports, disk, write access). */
    List<PreflightCheck> preflight(DeployRequest request, String app);

    /**
     * Checks what this target needs for an app of {@code stack} (when the analysis is known): a target that runs
     * apps elsewhere checks there the runtime the stack needs. By default the same as without the stack.
     */
    default List<PreflightCheck> preflight(DeployRequest request, String app, Optional<TechStack> stack) {
        return preflight(request, app);
    }

    /** Creates what the app runs on: the public port, directories. Idempotent for the same app. */
    Infrastructure provision(ProvisionRequest request, Progress progress);

    /** Starts the release, health-gates it and shifts traffic to it with the request's strategy. */
    DeploymentConfig deploy(ReleaseSpec release, Progress progress);

    /** Checks and tightens the running app; what it found goes to the state. */
    SecurityConfig harden(String app, DeploymentConfig config, Infrastructure infrastructure);

    /**
     * What running {@code infrastructure} costs a month, in US dollars, as far as the target can estimate it:
     * 0 for the user's own machine. Kept in the state as {@code estimated_cost_per_month}.
     */
    double estimatedCostPerMonth(Infrastructure infrastructure);

    /** The URL clients use. */
    String publicUrl(Infrastructure infrastructure);

    /** Switches back to an earlier release (the previous one when {@code release} is empty). */
    RollbackResult rollback(String app, Optional<String> release, Progress progress);

    /**
     * Ends a rollout that waited at a pause and was rejected ({@code hivemind reject ID}): all traffic back to the
     * stable release at once, the new release stopped. Nothing to do for a target without such pauses.
     */
    default void abortRollout(String app, String releaseId, String reason, Progress progress) {
    }

    /** Stops every instance and the proxy of the app and frees its port. */
    void destroy(String app, Progress progress);

    /**
     * {@link #destroy(String, Progress)} with what the user asked of it beyond the app; a target that has nothing to
     * do with an option ignores it (the default).
     */
    default void destroy(String app, DestroyOptions options, Progress progress) {
        destroy(app, progress);
    }

    /**
     * What {@code hivemind destroy} is asked beyond the app.
     *
     * @param skipFinalSnapshot delete a cloud database without taking its final snapshot (the {@code aws} target's
     *                          RDS instance; by default a final snapshot is taken and kept)
     */
    record DestroyOptions(boolean skipFinalSnapshot) {
        public static DestroyOptions defaults() {
            return new DestroyOptions(false);
        }
    }

    /**
     * Whether this target gives an app that needs PostgreSQL a server that runs elsewhere (the {@code aws} target's
     * RDS), so that this machine needs no PostgreSQL server binaries; false by default.
     */
    default boolean providesPostgres() {
        return false;
    }

    /**
     * Whether the target runs apps on hosts of their own that HiveMind set up (and can take HiveMind off again with
     * {@code destroy --purge-host}); false for a target that runs on this machine (the default).
     */
    default boolean hasHosts() {
        return false;
    }

    /**
     * {@code destroy --purge-host}: {@link #destroy} the app, then remove HiveMind itself (its agent and service,
     * files and system user) from each of the app's hosts that runs no other app. Only for targets that
     * {@link #hasHosts() have hosts}; callers check that first.
     *
     * @throws IllegalStateException for a target without hosts of its own
     */
    default void destroyAndPurgeHosts(String app, Progress progress) {
        throw new IllegalStateException("the target of " + app + " has no hosts of its own to purge");
    }

    /**
     * Gives the app a database server of its own for {@code engine} ({@code postgresql}), idempotently: the same
     * server, role, password and data on every call for the same app, started again when it is not running. The
     * password stays with the target (a 0600 file); the target adds {@code DATABASE_URL} to the app's environment
     * when it starts a release or runs a migration.
     *
     * @throws InfrastructureException when this target cannot run such a server (the default)
     */
    default DatabaseInfo provisionDatabase(DatabaseRequest request, Progress progress) {
        throw new InfrastructureException(Agent.PROVISIONER, "the " + name() + " target cannot run a "
                + request.engine() + " server for " + request.app(), "Provisioning the database of " + request.app(),
                "Supply the database yourself: --env DATABASE_URL=... or env: DATABASE_URL in hivemind.yaml");
    }

    /**
     * Runs a release's migration command in its artifact directory with the app's environment (and the
     * {@code DATABASE_URL} of a database this target runs), before the release starts. When this target runs the
     * app's database it first takes a backup, reported through {@code onBackup} before the command runs.
     *
     * @throws DeploymentException when the command fails, with its last output lines
     */
    default void migrate(Migration migration, Consumer<String> onBackup, Progress progress) {
        throw new DeploymentException(Agent.DEPLOYER, "the " + name() + " target cannot run migrations",
                "Migrating the database of " + migration.app(), "Run `" + migration.command() + "` yourself and "
                + "remove migrate from hivemind.yaml");
    }

    /**
     * Whether the app's release started at {@code since} connected to the database {@link #provisionDatabase} gave
     * it: its connections on the server (the app's role on its database, opened since then), waited for a short
     * while. Empty when the target cannot tell (the default) or runs no database for the app.
     */
    default Optional<Boolean> appConnected(String app, DatabaseInfo database, Instant since) {
        return Optional.empty();
    }

    /**
     * Deletes the data {@link #provisionDatabase} kept for the app (a {@code destroy --purge-data}): stops its
     * database server and removes its files and backups. Returns what it removed, one line each; none by default.
     */
    default List<String> purgeData(String app, Progress progress) {
        return List.of();
    }

    /**
     * The app on each host of a target that runs apps on several hosts, one row per host in the order they were
     * given; none for a target that runs on this machine (the default).
     */
    default List<dev.hivemind.api.remote.HostStatus> hostStatus(String app) {
        return List.of();
    }

    /**
     * Further lines for {@code status APP} under the host rows (a cluster's recent events); none by default.
     */
    default List<String> statusNotes(String app) {
        return List.of();
    }

    /**
     * Prints the output of the app's serving instance on each of the target's hosts (or only on {@code host}) to
     * {@code out}, following it when {@code follow} (one host only); false when the target keeps app output on this
     * machine, where {@code hivemind logs} reads it itself (the default).
     */
    default boolean printAppLogs(String app, Optional<String> host, boolean follow, java.io.PrintStream out) {
        return false;
    }

    /**
     * How the validate stage reaches the app as a client would, open until closed: {@code publicUrl} (the
     * deployment's) by default; a target whose public URL a plain HTTP client cannot use (a cluster's API server
     * proxy) opens a way there first (a port-forward to the app's Service).
     */
    default Reach reach(String app, Infrastructure infrastructure, String publicUrl) {
        return Reach.direct(publicUrl);
    }

    /**
     * A way to the app for the validate stage.
     *
     * @param url   what requests go to
     * @param how   how it is reached when not directly, for the progress lines (e.g. a port-forward)
     * @param ending ends it
     */
    record Reach(String url, Optional<String> how, Runnable ending) implements AutoCloseable {
        public Reach {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(how, "how");
            Objects.requireNonNull(ending, "ending");
        }

        /** The app reached at {@code url} itself, with nothing to open or close. */
        public static Reach direct(String url) {
            return new Reach(url, Optional.empty(), () -> { });
        }

        @Override
        public void close() {
            ending.run();
        }
    }

    /** Ends what the target holds open for the command (connections to remote hosts); nothing by default. */
    @Override
    default void close() {
    }

    /** A dry run of provision and deploy: what would be created, started and which traffic moves. */
    List<String> plan(ProvisionRequest request);

    /**
     * What the target does with an app that listens on {@code fixed.port()} whatever {@code PORT} says, for the deploy
     * stage's plan: where its instances run so that releases do not clash on that port. Empty by default.
     */
    default Optional<String> fixedPortPlan(String app, FixedPort fixed, Strategy strategy, int replicas) {
        return Optional.empty();
    }

    /**
     * What provision (and its plan) gets: the app, its deployment, the user's request and the analysis (once it is
     * known).
     *
     * @param databaseSupplied whether the app's environment ({@code --env}, {@code env:} in hivemind.yaml) gives
     *                         {@code DATABASE_URL}: then the app uses that database, and a target that would make one
     *                         for it (the {@code aws} target's RDS) makes none
     */
    record ProvisionRequest(String app, String deploymentId, DeployRequest request, Optional<TechStack> stack,
                            boolean databaseSupplied) {
        public ProvisionRequest {
            Objects.requireNonNull(stack, "stack");
        }

        public ProvisionRequest(String app, String deploymentId, DeployRequest request, Optional<TechStack> stack) {
            this(app, deploymentId, request, stack, false);
        }

        public ProvisionRequest(String app, String deploymentId, DeployRequest request) {
            this(app, deploymentId, request, Optional.empty());
        }
    }

    /**
     * A release to start.
     *
     * @param releaseId    the deployment id that built it
     * @param artifact     the artifact directory
     * @param startCommand run by {@code /bin/sh -c} in the artifact directory
     * @param environment  the app's environment (without PORT, which the target sets)
     * @param healthPath   the path the probes request (resolved)
     * @param health       the probes' interval, timeout, threshold and startup deadline
     * @param rollout      replicas, canary steps and analysis, rolling batches, probes, draining
     * @param resume       where an earlier run of this release's rollout paused for an approval that has now been
     *                     given: it continues from the next step
     * @param fixedPort    the port the app listens on whatever {@code PORT} says, when the analyzer found one
     */
    record ReleaseSpec(String app, String releaseId, Path artifact, String startCommand,
                       Map<String, String> environment, String healthPath, Strategy strategy,
                       Infrastructure infrastructure, HealthCheck health, RolloutPolicy rollout,
                       Optional<RolloutProgress> resume, Optional<FixedPort> fixedPort) {
        public ReleaseSpec {
            environment = Map.copyOf(environment);
            Objects.requireNonNull(rollout, "rollout");
            Objects.requireNonNull(resume, "resume");
            Objects.requireNonNull(fixedPort, "fixedPort");
        }

        /** A release of an app that listens on the {@code PORT} it is given. */
        public ReleaseSpec(String app, String releaseId, Path artifact, String startCommand,
                           Map<String, String> environment, String healthPath, Strategy strategy,
                           Infrastructure infrastructure, HealthCheck health, RolloutPolicy rollout,
                           Optional<RolloutProgress> resume) {
            this(app, releaseId, artifact, startCommand, environment, healthPath, strategy, infrastructure, health,
                    rollout, resume, Optional.empty());
        }

        /** A release with the default rollout policy, not resuming. */
        public ReleaseSpec(String app, String releaseId, Path artifact, String startCommand,
                           Map<String, String> environment, String healthPath, Strategy strategy,
                           Infrastructure infrastructure, HealthCheck health) {
            this(app, releaseId, artifact, startCommand, environment, healthPath, strategy, infrastructure, health,
                    RolloutPolicy.defaults(), Optional.empty());
        }
    }

    /**
     * A database server for an app.
     *
     * @param engine  {@code postgresql}
     * @param name    the database and role name (default: the target's choice from the app's name)
     * @param version the server's major version (default: the newest installed)
     */
    record DatabaseRequest(String app, String engine, Optional<String> name, Optional<String> version) { }

    /**
     * A migration to run before a release starts.
     *
     * @param command     run by {@code /bin/sh -c} in {@code artifact}
     * @param environment the app's environment (possibly secrets)
     * @param timeout     how long the command may run
     */
    record Migration(String app, String releaseId, Path artifact, String command, Map<String, String> environment,
                     Duration timeout) {
        public Migration {
            environment = Map.copyOf(environment);
        }
    }

    /** What a rollback did: the release now serving and how long the traffic switch took. */
    record RollbackResult(String fromRelease, String toRelease, Duration switchTime) { }
}
