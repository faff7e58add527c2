package dev.hivemind.target.local;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The files of an app's private database under {@code HIVEMIND_HOME/apps/APP/database/} (0700): {@code cluster/}
 * (the service user's: data directory and server log), {@code password} and {@code admin-password} (0600), the
 * non-secret {@code cluster.properties} (port, database, role) and {@code backups/} (0600 {@code pg_dump} files).
 */
record DatabaseFiles(Path directory) {

    static DatabaseFiles of(HivemindHome home, String app) {
        return new DatabaseFiles(home.app(app).resolve("database"));
    }

    /** Where the cluster listens and what it serves to the app. */
    record Settings(int port, String database, String role) {
        Settings withPort(int value) {
            return new Settings(value, database, role);
        }

        /** The settings serving database {@code name} to role {@code name}. */
        Settings withName(String name) {
            return new Settings(port, name, name);
        }
    }

    boolean exists() {
        return Files.isDirectory(directory);
    }

    Path clusterDirectory() {
        return directory.resolve("cluster");
    }

    /** The major version the cluster was made with ({@code PG_VERSION}), when it exists. */
    Optional<String> clusterVersion() {
        return read(clusterDirectory().resolve("data").resolve("PG_VERSION"));
    }

    Path passwordFile() {
        return directory.resolve("password");
    }

    Path adminPasswordFile() {
        return directory.resolve("admin-password");
    }

    Path backups() {
        return directory.resolve("backups");
    }

    Path backupFile(String releaseId) {
        return backups().resolve(releaseId + "-before-migrate.dump");
    }

    /** The secret in {@code file}, written (0600) from {@code generator} the first time. */
    String secret(Path file, Supplier<String> generator) {
        return read(file).orElseGet(() -> {
            String value = generator.get();
            write(file, value);
            return value;
        });
    }

    Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Optional<Settings> settings() {
        return read(directory.resolve("cluster.properties")).map(text -> {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Settings(Integer.parseInt(properties.getProperty("port")), properties.getProperty("database"),
                    properties.getProperty("role"));
        });
    }

    void save(Settings settings) {
        Properties properties = new Properties();
        properties.setProperty("port", String.valueOf(settings.port()));
        properties.setProperty("database", settings.database());
        properties.setProperty("role", settings.role());
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "the app's private PostgreSQL (no secrets here)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(directory.resolve("cluster.properties"), text.toString());
    }

    private void write(Path file, String content) {
        try {
            PrivateFiles.directory(directory);
            PrivateFiles.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
