package dev.hivemind.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The database a deployment gave its app. The password is never here: it lives in {@code passwordFile} (0600).
 *
 * @param engine        {@code postgresql}, or what the user's {@code DATABASE_URL} names
 * @param provisioned   whether HiveMind runs it (a private local cluster) rather than the user
 * @param host          the host the app connects to
 * @param port          the port the app connects to
 * @param database      the database's name
 * @param role          the role the app logs in as
 * @param dataDirectory the cluster's data directory, when HiveMind runs it
 * @param passwordFile  the 0600 file holding the role's password, when HiveMind generated it
 * @param backupPath    the {@code pg_dump} taken before this deployment's migrations, if any
 * @param version       the server's major version ({@code 16}), when HiveMind runs it (absent in older states)
 * @param appConnected  whether the deployment's release connected to it once started (its connections seen on the
 *                      server), when HiveMind checked: false means the app runs on something else (an embedded
 *                      database, say) and its data is not here
 */
public record DatabaseInfo(String engine, boolean provisioned, String host, int port, String database, String role,
                           Optional<String> dataDirectory, Optional<String> passwordFile, Optional<String> backupPath,
                           Optional<String> version, Optional<Boolean> appConnected) {
    public DatabaseInfo {
        version = version == null ? Optional.empty() : version;
        appConnected = appConnected == null ? Optional.empty() : appConnected;
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(backupPath, "backupPath");
    }

    /** A database whose use by the app was not checked. */
    public DatabaseInfo(String engine, boolean provisioned, String host, int port, String database, String role,
                        Optional<String> dataDirectory, Optional<String> passwordFile, Optional<String> backupPath,
                        Optional<String> version) {
        this(engine, provisioned, host, port, database, role, dataDirectory, passwordFile, backupPath, version,
                Optional.empty());
    }

    /** A database whose version is not known (one the user supplies). */
    public DatabaseInfo(String engine, boolean provisioned, String host, int port, String database, String role,
                        Optional<String> dataDirectory, Optional<String> passwordFile, Optional<String> backupPath) {
        this(engine, provisioned, host, port, database, role, dataDirectory, passwordFile, backupPath,
                Optional.empty());
    }

    /** This database with the backup taken before this deployment's migration. */
    public DatabaseInfo withBackupPath(String path) {
        return new DatabaseInfo(engine, provisioned, host, port, database, role, dataDirectory, passwordFile,
                Optional.of(path), version, appConnected);
    }

    /** This database with whether the deployment's release was seen connected to it. */
    public DatabaseInfo withAppConnected(boolean connected) {
        return new DatabaseInfo(engine, provisioned, host, port, database, role, dataDirectory, passwordFile,
                backupPath, version, Optional.of(connected));
    }
}
