package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.target.database.JavaDatabaseVariables;
import dev.hivemind.target.kubernetes.manifest.DatabaseSettings.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of an app's PostgreSQL and its migration, beside the app's own ({@link AppManifests}).
 *
 * <p>With a database HiveMind runs in the cluster ({@link Database.InCluster}): a Secret with the generated password
 * and the variables the app reads ({@link #secret}), a headless Service, a StatefulSet of one pod whose data is on a
 * PersistentVolumeClaim of its {@code volumeClaimTemplates}, and NetworkPolicies that let only the app's pods (and
 * HiveMind's Jobs) reach it on 5432. With the user's own {@code DATABASE_URL} ({@link Database.Given}), none of those:
 * only a NetworkPolicy that lets the app's pods connect to the URL's port.
 *
 * <p>Either way, per deployment, two Jobs to run in order before the rollout ({@link #jobs}): a {@code pg_dump}
 * backup onto a PersistentVolumeClaim of its own, then the app's migration in the app's image. Every pod meets the
 * Pod Security Standards' restricted profile; the PostgreSQL pods run as the official image's {@code postgres} user
 * (999), which the image does not declare by number, so it is named here.
 *
 * <p>Every object carries {@code app.kubernetes.io/managed-by: hivemind} and {@code app.kubernetes.io/part-of: APP};
 * the database's pods are {@code app.kubernetes.io/name: APP-postgres} and the Jobs' pods
 * {@code APP-database-job}, never {@code APP}, so that the app's Service and PodDisruptionBudget do not select them.
 */
public final class DatabaseManifests {
    /** The label that ties a database object to its app. */
    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** The label of the Jobs that names the deployment they ran for. */
    public static final String DEPLOYMENT = "hivemind.dev/deployment";
    /** The key of the generated password in {@link #secret}. */
    public static final String PASSWORD_KEY = "password";
    static final int POSTGRES_USER = 999;
    static final int POSTGRES_PORT = 5432;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATA = "/var/lib/postgresql/data";

    private DatabaseManifests() {
    }

    /** The name of the database's StatefulSet, Service, Secret and NetworkPolicy: {@code APP-postgres}. */
    public static String databaseName(DatabaseSettings settings) {
        return settings.app().app() + "-postgres";
    }

    /**
     * The database's objects but the Secret, in the order they are applied: the backups' PersistentVolumeClaim, then
     * for a database in the cluster its headless Service, StatefulSet and NetworkPolicy; last the NetworkPolicy
     * that lets the app's pods and the Jobs reach the database.
     */
    public static List<ObjectNode> of(DatabaseSettings settings) {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(backupClaim(settings));
        if (settings.database() instanceof Database.InCluster database) {
            objects.add(headlessService(settings));
            objects.add(statefulSet(settings, database));
            objects.add(databasePolicy(settings));
        }
        objects.add(clientPolicy(settings));
        return objects;
    }

    /**
     * The Secret of a database in the cluster: its generated {@code password}, the {@code DATABASE_URL} that holds
     * it, and for a Java app the JDBC and Spring variables; to be created once (the database keeps the password it
     * was made with), never printed.
     *
     * @param password the password, {@link DatabasePassword#generate()} the first time, the Secret's own after
     */
    public static ObjectNode secret(DatabaseSettings settings, String password) {
        if (!(settings.database() instanceof Database.InCluster database)) {
            throw new IllegalArgumentException("HiveMind makes no Secret for a DATABASE_URL it was given");
        }
        ObjectNode secret = object("v1", "Secret", databaseName(settings), settings, "database");
        secret.put("type", "Opaque");
        ObjectNode data = secret.putObject("stringData").put(PASSWORD_KEY, password);
        variables(settings, database, password).forEach(data::put);
        return secret;
    }

    /**
     * The environment entries the app's containers get, each a {@code secretKeyRef} into {@link #secret}:
     * {@code DATABASE_URL}, and for a Java app {@code JDBC_DATABASE_*} and {@code SPRING_DATASOURCE_*}
     * ({@code SPRING_PROFILES_ACTIVE} too when it has a {@code postgres} profile). None for a given
     * {@code DATABASE_URL}, which is in the app's own environment Secret.
     */
    public static List<ObjectNode> appEnvironment(DatabaseSettings settings) {
        if (!(settings.database() instanceof Database.InCluster database)) {
            return List.of();
        }
        // the keys alone matter here: the values are computed with a stand-in password that goes nowhere
        return variables(settings, database, "-").keySet().stream()
                .map(name -> secretVariable(name, databaseName(settings), name)).toList();
    }

    /** {@code deployment} with {@link #appEnvironment} appended to each of its containers' {@code env}. */
    public static ObjectNode connect(ObjectNode deployment, DatabaseSettings settings) {
        List<ObjectNode> environment = appEnvironment(settings);
        deployment.at("/spec/template/spec/containers").forEach(container -> {
            ArrayNode env = container.has("env") ? (ArrayNode) container.get("env")
                    : ((ObjectNode) container).putArray("env");
            environment.forEach(variable -> env.add(variable.deepCopy()));
        });
        return deployment;
    }

    /**
     * The deployment's Jobs, in the order they must run and each to completion before the next: the
     * {@code pg_dump} backup, then the migration when the app has one. Applied after the database is ready and
     * before the app's rollout; a failed Job stops the deployment with the serving release untouched.
     */
    public static List<ObjectNode> jobs(DatabaseSettings settings) {
        List<ObjectNode> jobs = new ArrayList<>();
        jobs.add(DatabaseJobs.backup(settings));
        if (!settings.migrate().isEmpty()) {
            jobs.add(DatabaseJobs.migration(settings));
        }
        return jobs;
    }

    /** Where the backup Job writes its dump on the backups' volume. */
    public static String backupPath(DatabaseSettings settings) {
        return DatabaseJobs.BACKUPS + "/" + settings.deploymentId() + "-before-migrate.dump";
    }

    private static Map<String, String> variables(DatabaseSettings settings, Database.InCluster database,
            String password) {
        String url = "postgresql://" + database.name() + ":" + password + "@" + databaseName(settings) + "."
                + settings.app().namespace() + ".svc:" + POSTGRES_PORT + "/" + database.name();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("DATABASE_URL", url);
        // without the artifact there is no postgres profile to find: a path with nothing in it finds none
        variables.putAll(JavaDatabaseVariables.of(settings.startCommand(),
                settings.artifact().orElse(Path.of("/nonexistent")), url));
        return variables;
    }

    static ObjectNode object(String apiVersion, String kind, String name, DatabaseSettings settings,
            String component) {
        ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name)
                .put("namespace", settings.app().namespace());
        labels(metadata.putObject("labels"), settings, name, component);
        return object;
    }

    static ObjectNode labels(ObjectNode labels, DatabaseSettings settings, String name, String component) {
        return labels.put("app.kubernetes.io/name", name).put("app.kubernetes.io/component", component)
                .put(PART_OF, settings.app().app()).put(AppManifests.MANAGED_BY, "hivemind");
    }

    static String jobPodsName(DatabaseSettings settings) {
        return settings.app().app() + "-database-job";
    }

    private static ObjectNode backupClaim(DatabaseSettings settings) {
        ObjectNode claim = object("v1", "PersistentVolumeClaim", databaseName(settings) + "-backups", settings,
                "database-backup");
        claimSpec(claim.putObject("spec"), settings.database() instanceof Database.InCluster database
                ? database.storage() : "1Gi");
        return claim;
    }

    private static void claimSpec(ObjectNode spec, String storage) {
        spec.putArray("accessModes").add("ReadWriteOnce");
        spec.putObject("resources").putObject("requests").put("storage", storage);
    }

    private static ObjectNode headlessService(DatabaseSettings settings) {
        ObjectNode service = object("v1", "Service", databaseName(settings), settings, "database");
        ObjectNode spec = service.putObject("spec").put("clusterIP", "None");
        spec.putObject("selector").put("app.kubernetes.io/name", databaseName(settings));
        spec.putArray("ports").addObject().put("name", "postgres").put("port", POSTGRES_PORT)
                .put("targetPort", "postgres").put("protocol", "TCP");
        return service;
    }

    private static ObjectNode statefulSet(DatabaseSettings settings, Database.InCluster database) {
        String name = databaseName(settings);
        ObjectNode set = object("apps/v1", "StatefulSet", name, settings, "database");
        ObjectNode spec = set.putObject("spec").put("serviceName", name).put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app.kubernetes.io/name", name);
        ObjectNode template = spec.putObject("template");
        labels(template.putObject("metadata").putObject("labels"), settings, name, "database");
        ObjectNode pod = template.putObject("spec").put("automountServiceAccountToken", false)
                .put("enableServiceLinks", false);
        Restricted.pod(pod, POSTGRES_USER);
        pod.putArray("containers").add(postgres(settings, database));
        ArrayNode volumes = pod.putArray("volumes");
        volumes.addObject().put("name", "run").putObject("emptyDir");
        volumes.addObject().put("name", "tmp").putObject("emptyDir");
        ObjectNode claim = spec.putArray("volumeClaimTemplates").addObject();
        claim.put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
        labels(claim.putObject("metadata").put("name", "data").putObject("labels"), settings, name, "database");
        claimSpec(claim.putObject("spec"), database.storage());
        return set;
    }

    private static ObjectNode postgres(DatabaseSettings settings, Database.InCluster database) {
        ObjectNode container = JSON.createObjectNode().put("name", "postgres").put("image", image(database))
                .put("imagePullPolicy", "IfNotPresent");
        container.putArray("ports").addObject().put("name", "postgres").put("containerPort", POSTGRES_PORT)
                .put("protocol", "TCP");
        ArrayNode env = container.putArray("env");
        env.addObject().put("name", "POSTGRES_USER").put("value", database.name());
        env.addObject().put("name", "POSTGRES_DB").put("value", database.name());
        env.add(secretVariable("POSTGRES_PASSWORD", databaseName(settings), PASSWORD_KEY));
        // a subdirectory: the volume's root may hold lost+found, and initdb wants an empty directory it owns
        env.addObject().put("name", "PGDATA").put("value", DATA + "/pgdata");
        ArrayNode ready = JSON.createArrayNode().add("pg_isready").add("--host=127.0.0.1")
                .add("--username=" + database.name()).add("--dbname=" + database.name());
        container.putObject("readinessProbe").put("periodSeconds", 5).put("failureThreshold", 3)
                .putObject("exec").set("command", ready.deepCopy());
        container.putObject("livenessProbe").put("initialDelaySeconds", 30).put("periodSeconds", 10)
                .put("failureThreshold", 6).putObject("exec").set("command", ready.deepCopy());
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "100m").put("memory", "256Mi");
        resources.putObject("limits").put("memory", "1Gi");
        Restricted.container(container);
        ArrayNode mounts = container.putArray("volumeMounts");
        mounts.addObject().put("name", "data").put("mountPath", DATA);
        mounts.addObject().put("name", "run").put("mountPath", "/var/run/postgresql");
        mounts.addObject().put("name", "tmp").put("mountPath", "/tmp");
        return container;
    }

    static String image(Database.InCluster database) {
        return "postgres:" + database.version() + "-bookworm";
    }

    static ObjectNode secretVariable(String name, String secret, String key) {
        ObjectNode variable = JSON.createObjectNode().put("name", name);
        variable.putObject("valueFrom").putObject("secretKeyRef").put("name", secret).put("key", key);
        return variable;
    }

    /** Only the app's pods and HiveMind's Jobs reach the database, on 5432; it connects to nothing. */
    private static ObjectNode databasePolicy(DatabaseSettings settings) {
        ObjectNode policy = object("networking.k8s.io/v1", "NetworkPolicy", databaseName(settings), settings,
                "database");
        ObjectNode spec = policy.putObject("spec");
        spec.putObject("podSelector").putObject("matchLabels").put("app.kubernetes.io/name", databaseName(settings));
        spec.putArray("policyTypes").add("Ingress").add("Egress");
        ObjectNode rule = spec.putArray("ingress").addObject();
        clients(rule.putArray("from").addObject().putObject("podSelector"), settings);
        rule.putArray("ports").addObject().put("port", POSTGRES_PORT).put("protocol", "TCP");
        return policy;
    }

    private static void clients(ObjectNode selector, DatabaseSettings settings) {
        selector.putArray("matchExpressions").addObject().put("key", "app.kubernetes.io/name").put("operator", "In")
                .putArray("values").add(settings.app().app()).add(jobPodsName(settings));
    }

    /**
     * The app's pods and the Jobs may connect to the database: to its pods on 5432, or, for a given URL, to its
     * port anywhere (a NetworkPolicy names no host). The Jobs may also ask DNS, which the app's own policy allows it.
     * Ingress is listed with no rule: the Jobs' pods take no connection, and policies add up, so the app's pods still
     * take what the app's own policy admits.
     */
    private static ObjectNode clientPolicy(DatabaseSettings settings) {
        ObjectNode policy = object("networking.k8s.io/v1", "NetworkPolicy", settings.app().app() + "-database-clients",
                settings, "database");
        ObjectNode spec = policy.putObject("spec");
        clients(spec.putObject("podSelector"), settings);
        spec.putArray("policyTypes").add("Ingress").add("Egress");
        ArrayNode egress = spec.putArray("egress");
        ObjectNode database = egress.addObject();
        switch (settings.database()) {
            case Database.InCluster inCluster -> {
                database.putArray("to").addObject().putObject("podSelector").putObject("matchLabels")
                        .put("app.kubernetes.io/name", databaseName(settings));
                database.putArray("ports").addObject().put("port", POSTGRES_PORT).put("protocol", "TCP");
            }
            case Database.Given given -> database.putArray("ports").addObject().put("port", given.port())
                    .put("protocol", "TCP");
        }
        ArrayNode dns = egress.addObject().putArray("ports");
        dns.addObject().put("port", 53).put("protocol", "UDP");
        dns.addObject().put("port", 53).put("protocol", "TCP");
        return policy;
    }
}
