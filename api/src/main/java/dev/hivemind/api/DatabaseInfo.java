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
 */
public record DatabaseInfo(String engine, boolean provisioned, String host, int port, String database, String role,
                           Optional<String> dataDirectory, Optional<String> passwordFile, Optional<String> backupPath,
                           Optional<String> version) {
    public DatabaseInfo {
        version = version == null ? Optional.empty() : version;
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(backupPath, "backupPath");
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
                Optional.of(path), version);
    }
}
