package dev.hivemind.target.kubernetes.manifest;

import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.PASSWORD_KEY;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.DEPLOYMENT;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.POSTGRES_PORT;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.POSTGRES_USER;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.appEnvironment;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.backupPath;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.databaseName;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.image;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.jobPodsName;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.labels;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.object;
import static dev.hivemind.target.kubernetes.manifest.DatabaseManifests.secretVariable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.target.kubernetes.image.Entrypoint;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * The Jobs of one deployment's database step ({@link DatabaseManifests#jobs}): the {@code pg_dump} backup onto the
 * backups' volume, and the app's migration in the app's image.
 */
final class DatabaseJobs {
    static final String BACKUPS = "/backups";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseJobs() {
    }

    private static ObjectNode job(DatabaseSettings settings, String kind) {
        String name = jobName(settings, kind);
        ObjectNode job = object("batch/v1", "Job", name, settings, "database-" + kind);
        ((ObjectNode) job.at("/metadata/labels")).put(DEPLOYMENT, settings.deploymentId());
        // kept a week for its logs and status; a failed Job is not retried (the deployment stops instead)
        ObjectNode spec = job.putObject("spec").put("backoffLimit", 0).put("ttlSecondsAfterFinished", 604800);
        ObjectNode template = spec.putObject("template");
        labels(template.putObject("metadata").putObject("labels"), settings, jobPodsName(settings),
                "database-" + kind).put(DEPLOYMENT, settings.deploymentId());
        template.putObject("spec").put("restartPolicy", "Never").put("automountServiceAccountToken", false)
                .put("enableServiceLinks", false);
        return job;
    }

    /** {@code APP-KIND-DEPLOYMENT}, the app's part shortened so that it fits a label's 63 characters. */
    static String jobName(DatabaseSettings settings, String kind) {
        String suffix = "-" + kind + "-" + settings.deploymentId();
        String app = settings.app().app();
        String prefix = app.substring(0, Math.max(1, Math.min(app.length(), 63 - suffix.length())));
        String name = prefix.replaceAll("-+$", "") + suffix;
        return name.length() <= 63 ? name : name.substring(name.length() - 63).replaceAll("^-+", "");
    }

    static ObjectNode backup(DatabaseSettings settings) {
        ObjectNode job = job(settings, "backup");
        ObjectNode pod = (ObjectNode) job.at("/spec/template/spec");
        Restricted.pod(pod, POSTGRES_USER);
        ObjectNode container = pod.putArray("containers").addObject().put("name", "pg-dump");
        ArrayNode command = container.putArray("command").add("pg_dump").add("--format=custom")
                .add("--file=" + backupPath(settings));
        ArrayNode env = container.putArray("env");
        switch (settings.database()) {
            case Database.InCluster database -> {
                container.put("image", image(database));
                command.add("--host=" + databaseName(settings)).add("--port=" + POSTGRES_PORT)
                        .add("--username=" + database.name()).add("--dbname=" + database.name());
                env.add(secretVariable("PGPASSWORD", databaseName(settings), PASSWORD_KEY));
            }
            case Database.Given given -> {
                // the client of the newest PostgreSQL reads the dumps of every older server
                container.put("image", "postgres:17-bookworm");
                // Kubernetes puts the variable's value in place of $(DATABASE_URL): no shell needed
                command.add("--dbname=$(DATABASE_URL)");
                env.add(secretVariable("DATABASE_URL", settings.environmentSecret().orElseThrow(), "DATABASE_URL"));
            }
        }
        container.put("imagePullPolicy", "IfNotPresent");
        Restricted.container(container);
        container.putArray("volumeMounts").addObject().put("name", "backups").put("mountPath", BACKUPS);
        pod.putArray("volumes").addObject().put("name", "backups").putObject("persistentVolumeClaim")
                .put("claimName", databaseName(settings) + "-backups");
        return job;
    }

    /** Each migration command in the app's image, in order: all but the last as init containers. */
    static ObjectNode migration(DatabaseSettings settings) {
        ObjectNode job = job(settings, "migrate");
        ObjectNode pod = (ObjectNode) job.at("/spec/template/spec");
        Restricted.pod(pod, AppManifests.USER);
        List<ObjectNode> steps = new ArrayList<>();
        for (int i = 0; i < settings.migrate().size(); i++) {
            steps.add(migrationStep(settings, "migrate-" + (i + 1), settings.migrate().get(i)));
        }
        if (steps.size() > 1) {
            pod.putArray("initContainers").addAll(steps.subList(0, steps.size() - 1));
        }
        pod.putArray("containers").add(steps.getLast());
        pod.putArray("volumes").addObject().put("name", "tmp").putObject("emptyDir");
        return job;
    }

    private static ObjectNode migrationStep(DatabaseSettings settings, String name, String command) {
        Entrypoint entrypoint = Entrypoint.of(command, "/app");
        ObjectNode container = JSON.createObjectNode().put("name", name).put("image", settings.app().image())
                .put("imagePullPolicy", "IfNotPresent").put("workingDir", "/app");
        ArrayNode argv = container.putArray("command");
        entrypoint.argv().forEach(argv::add);
        ArrayNode env = container.putArray("env");
        entrypoint.environment().forEach((variable, value) -> env.addObject().put("name", variable)
                .put("value", value));
        env.addObject().put("name", "HOME").put("value", "/tmp");
        settings.environmentSecret().ifPresent(secret -> container.putArray("envFrom").addObject()
                .putObject("secretRef").put("name", secret));
        appEnvironment(settings).forEach(env::add);
        Restricted.container(container);
        container.putArray("volumeMounts").addObject().put("name", "tmp").put("mountPath", "/tmp");
        return container;
    }
}
