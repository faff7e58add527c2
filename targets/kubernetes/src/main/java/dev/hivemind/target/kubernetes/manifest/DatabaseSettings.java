package dev.hivemind.target.kubernetes.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an app's database objects are made from: the app's own objects' settings, the deployment they belong to,
 * where the database is, and the app's migration.
 *
 * @param app               the app's objects ({@link AppManifests}): its name, namespace and image
 * @param deploymentId      the deployment the backup and migration Jobs run for; part of their names and labels
 * @param database          a PostgreSQL HiveMind runs in the cluster, or the one the user's {@code DATABASE_URL}
 *                          names
 * @param startCommand      the app's start command: a Java app ({@code java ...}) also gets the JDBC and Spring
 *                          variables ({@link dev.hivemind.target.database.JavaDatabaseVariables})
 * @param artifact          the built artifact, looked into for a Java app's {@code postgres} Spring profile
 * @param migrate           the app's migration commands (the analyzer's or {@code migrate:} in hivemind.yaml), run
 *                          in order in the app's image; empty for none
 * @param environmentSecret the Secret with the app's own environment ({@code --env}, {@code env:}), which the
 *                          migration reads too (and which holds a given {@code DATABASE_URL}), when there is one
 */
public record DatabaseSettings(ManifestSettings app, String deploymentId, Database database, String startCommand,
                               Optional<Path> artifact, List<String> migrate, Optional<String> environmentSecret) {
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public DatabaseSettings {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(startCommand, "startCommand");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(environmentSecret, "environmentSecret");
        migrate = List.copyOf(migrate);
        if (!DEPLOYMENT_ID.matcher(deploymentId).matches()) {
            throw new IllegalArgumentException("a deployment id in a label must be at most 63 lower-case letters, "
                    + "digits and dashes, not '" + deploymentId + "'");
        }
        if (database instanceof Database.Given && environmentSecret.isEmpty()) {
            throw new IllegalArgumentException("a given DATABASE_URL is read from the app's environment Secret, "
                    + "and none was named");
        }
    }

    /** Where the app's PostgreSQL is. */
    public sealed interface Database permits Database.InCluster, Database.Given {

        /**
         * A PostgreSQL HiveMind runs in the cluster: a StatefulSet of one pod with its data on a
         * PersistentVolumeClaim.
         *
         * @param version  PostgreSQL's major version, the official image's tag ({@code postgres:VERSION-bookworm})
         * @param name     the database's and its role's name
         * @param storage  the data volume's size, a Kubernetes quantity ({@code 1Gi})
         */
        record InCluster(String version, String name, String storage) implements Database {
            private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+)?");
            private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
            private static final Pattern QUANTITY =
                    Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

            public InCluster {
                if (!VERSION.matcher(version).matches() || !NAME.matcher(name).matches()
                        || !QUANTITY.matcher(storage).matches()) {
                    throw new IllegalArgumentException("version, name or storage is not valid: " + version + ", "
                            + name + ", " + storage);
                }
            }
        }

        /**
         * The user's own {@code DATABASE_URL}, in the app's environment Secret: HiveMind runs no database, only the
         * backup and the migration against it.
         *
         * @param port the URL's port, to which the app's pods may then connect (a NetworkPolicy cannot name a host)
         */
        record Given(int port) implements Database {
            public Given {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
                }
            }
        }
    }
}
