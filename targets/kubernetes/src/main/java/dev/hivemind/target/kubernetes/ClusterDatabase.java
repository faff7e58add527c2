package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.target.kubernetes.manifest.DatabaseManifests;
import dev.hivemind.target.kubernetes.manifest.DatabasePassword;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's database on the cluster before a rollout ({@link DatabaseManifests}): the Secret with a generated
 * password (made once; the database keeps the password it was made with), the database's objects, its StatefulSet
 * ready, then the deployment's Jobs in order, each to completion: the {@code pg_dump} backup, then the migration. A
 * Job that fails stops the deployment with the serving release untouched.
 */
final class ClusterDatabase {
    private final KubernetesClient client;
    private final ObjectApplier applier;
    private final Clock clock;
    private final RolloutWait.Pause pause;
    private final Duration poll;
    private final Progress progress;

    ClusterDatabase(KubernetesClient client, ObjectApplier applier, KubernetesTarget.Timing timing,
                    Progress progress) {
        this.client = client;
        this.applier = applier;
        this.clock = timing.clock();
        this.pause = timing.pause();
        this.poll = timing.poll();
        this.progress = progress;
    }

    /** The database's objects applied and, for one in the cluster, its StatefulSet ready. */
    void ensure(DatabaseSettings settings, Duration timeout) {
        String namespace = settings.app().namespace();
        if (settings.database() instanceof DatabaseSettings.Database.InCluster) {
            String name = DatabaseManifests.databaseName(settings);
            Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
            if (existing == null) {
                applier.apply(DatabaseManifests.secret(settings, DatabasePassword.generate()));
            }
        }
        for (ObjectNode object : DatabaseManifests.of(settings)) {
            applier.apply(object);
        }
        if (settings.database() instanceof DatabaseSettings.Database.InCluster) {
            waitUntil(timeout, "StatefulSet " + namespace + "/" + DatabaseManifests.databaseName(settings)
                    + " is not ready", () -> ready(client.apps().statefulSets().inNamespace(namespace)
                    .withName(DatabaseManifests.databaseName(settings)).get()));
        }
    }

    /** Runs the deployment's Jobs in order; returns where the backup went. */
    String runJobs(DatabaseSettings settings, Duration timeout) {
        String namespace = settings.app().namespace();
        for (ObjectNode object : DatabaseManifests.jobs(settings)) {
            String name = object.at("/metadata/name").asText();
            applier.apply(object);
            waitUntil(timeout, "Job " + namespace + "/" + name + " did not complete", () -> done(
                    client.batch().v1().jobs().inNamespace(namespace).withName(name).get(), namespace, name));
            progress.line("Job " + name + " completed");
        }
        return DatabaseManifests.backupPath(settings);
    }

    private static boolean ready(StatefulSet set) {
        if (set == null || set.getStatus() == null) {
            return false;
        }
        int wanted = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
        return Optional.ofNullable(set.getStatus().getReadyReplicas()).orElse(0) >= wanted;
    }

    private static boolean done(Job job, String namespace, String name) {
        if (job == null || job.getStatus() == null) {
            return false;
        }
        if (Optional.ofNullable(job.getStatus().getFailed()).orElse(0) > 0) {
            throw new DeploymentException(Agent.DEPLOYER, "Job " + namespace + "/" + name + " failed",
                    "Preparing the database before the rollout", "See its log: kubectl -n " + namespace
                    + " logs job/" + name + "; the serving release is untouched");
        }
        return Optional.ofNullable(job.getStatus().getSucceeded()).orElse(0) > 0;
    }

    private void waitUntil(Duration timeout, String late, java.util.function.BooleanSupplier condition) {
        Instant deadline = clock.instant().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (!clock.instant().isBefore(deadline)) {
                throw new DeploymentException(Agent.DEPLOYER, late + " after " + timeout.toSeconds() + " s",
                        "Preparing the database before the rollout", "See hivemind status and kubectl describe");
            }
            try {
                pause.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeploymentException(Agent.DEPLOYER, "interrupted: " + late, "Preparing the database",
                        "Run hivemind resume");
            }
        }
    }

    /**
     * The app's PostgreSQL on the cluster, when it uses one: in the cluster when {@code database.in-cluster} asked
     * for it and no {@code DATABASE_URL} is given; the user's {@code DATABASE_URL} otherwise (its backup and
     * migration Jobs run against it); none for an app without a database.
     */
    static Optional<DatabaseSettings> settings(ClusterLedger ledger, ManifestSettings settings,
                                                       String releaseId, String startCommand,
                                                       java.nio.file.Path artifact, Map<String, String> environment,
                                                       Optional<String> secret) {
        Map<String, String> build = ledger.build();
        if (!"postgresql".equals(build.get(KubernetesTarget.DATABASE))) {
            return Optional.empty();
        }
        List<String> migrate = Optional.ofNullable(build.get(KubernetesTarget.MIGRATE)).stream().toList();
        DatabaseSettings.Database where;
        if (environment.containsKey("DATABASE_URL")) {
            where = new DatabaseSettings.Database.Given(port(environment.get("DATABASE_URL")));
        } else if (ledger.databaseStorage().isPresent()) {
            where = new DatabaseSettings.Database.InCluster(build.getOrDefault(KubernetesTarget.DATABASE_VERSION,
                    KubernetesTarget.DEFAULT_POSTGRES), build.getOrDefault(KubernetesTarget.DATABASE_NAME,
                    settings.app().replace('-', '_')), ledger.databaseStorage().get());
        } else {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSettings(settings, releaseId, where, startCommand, Optional.of(artifact),
                migrate, secret));
    }

    private static int port(String url) {
        try {
            int port = java.net.URI.create(url).getPort();
            return port > 0 ? port : 5432;
        } catch (IllegalArgumentException e) {
            return 5432;
        }
    }
}
