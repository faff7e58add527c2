package dev.hivemind.target.local;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.Progress;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PostgresInstall;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import dev.hivemind.runtime.client.BackingService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The private PostgreSQL of each app that needs one: a {@link PostgresCluster} under
 * {@code HIVEMIND_HOME/apps/APP/database/}, a role and a database named after the app, a generated password kept in
 * a 0600 file beside it, and the {@code DATABASE_URL} the app gets. Idempotent: the same cluster, port, password and
 * data on every deploy; started again when it is not running.
 */
final class LocalPostgres {
    static final String ENGINE = "postgresql";
    static final String HOST = "127.0.0.1";
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HivemindHome home;

    LocalPostgres(HivemindHome home) {
        this.home = home;
    }

    /** The app's cluster, created and started when needed, with its role and database. */
    DatabaseInfo ensure(Target.DatabaseRequest request, Progress progress) {
        String app = request.app();
        DatabaseFiles files = DatabaseFiles.of(home, app);
        PostgresCluster cluster = cluster(files, binaries(files, request.version()));
        String adminPassword = files.secret(files.adminPasswordFile(), LocalPostgres::newPassword);
        String password = files.secret(files.passwordFile(), LocalPostgres::newPassword);
        if (!cluster.initialized()) {
            progress.line("creating a private PostgreSQL cluster for " + app + " in " + cluster.dataDirectory());
            cluster.initialize(adminPassword, progress);
        }
        String name = request.name().orElse(identifier(app));
        DatabaseFiles.Settings settings = files.settings().map(saved -> saved.withName(name))
                .orElseGet(() -> new DatabaseFiles.Settings(freePort(), name, name));
        if (!cluster.running()) {
            if (!portFree(settings.port())) {
                int port = freePort();
                progress.line("port " + settings.port() + " is taken; PostgreSQL of " + app + " moves to " + port);
                settings = settings.withPort(port);
            }
            progress.line("starting PostgreSQL of " + app + " on " + HOST + ":" + settings.port());
            cluster.start(settings.port(), progress);
        }
        files.save(settings);
        new PostgresRoles(cluster.bin(), settings.port(), adminPassword).ensure(settings.role(), password,
                settings.database(), progress);
        progress.line("PostgreSQL of " + app + " serves database " + settings.database() + " to role "
                + settings.role() + " on " + HOST + ":" + settings.port() + " (password in " + files.passwordFile()
                + ")");
        return new DatabaseInfo(ENGINE, true, HOST, settings.port(), settings.database(), settings.role(),
                Optional.of(cluster.dataDirectory().toString()), Optional.of(files.passwordFile().toString()),
                Optional.empty(), files.clusterVersion());
    }

    /**
     * Whether the app's role has a connection to its database opened at or after {@code since}, looked for every
     * half second for up to {@code wait}; empty when HiveMind runs no database for the app, or its server does not
     * answer.
     */
    Optional<Boolean> connectedSince(String app, Instant since, Duration wait) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        Optional<DatabaseFiles.Settings> settings = files.settings();
        Optional<String> adminPassword = files.read(files.adminPasswordFile());
        Optional<Path> bin = PostgresInstall.binDirectory(files.clusterVersion());
        if (settings.isEmpty() || adminPassword.isEmpty() || bin.isEmpty()) {
            return Optional.empty();
        }
        PostgresRoles server = new PostgresRoles(bin.get(), settings.get().port(), adminPassword.get());
        Instant deadline = Instant.now().plus(wait);
        try {
            while (true) {
                if (server.connectionsSince(settings.get().role(), settings.get().database(), since) > 0) {
                    return Optional.of(true);
                }
                if (!Instant.now().isBefore(deadline)) {
                    return Optional.of(false);
                }
                Thread.sleep(500);
            }
        } catch (InfrastructureException unanswered) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The app's {@code DATABASE_URL}, when HiveMind runs a database for it. */
    Optional<String> url(String app) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        return files.settings().flatMap(settings -> files.read(files.passwordFile()).map(password ->
                DatabaseUrl.postgres(settings.role(), password, HOST, settings.port(), settings.database())));
    }

    /**
     * A {@code pg_dump} of the app's database (custom format, for {@code pg_restore}) into a 0600 file of its
     * {@code backups/}, named after the release about to migrate it; empty when HiveMind runs no database for it.
     */
    Optional<Path> backup(String app, String releaseId, Progress progress) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        Optional<DatabaseFiles.Settings> found = files.settings();
        Path bin = binaries(files, Optional.empty());
        if (found.isEmpty() || !cluster(files, bin).initialized()) {
            return Optional.empty();
        }
        ensure(new Target.DatabaseRequest(app, ENGINE, Optional.of(found.get().database()), Optional.empty()),
                progress);
        DatabaseFiles.Settings settings = files.settings().orElseThrow();
        Path file = files.backupFile(releaseId);
        try {
            PrivateFiles.directory(file.getParent());
            PrivateFiles.writeAtomically(file, new byte[0], false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        List<String> command = List.of(PostgresInstall.program(bin, "pg_dump"), "--format=custom", "--file="
                + file, "--host=" + HOST, "--port=" + settings.port(), "--username=" + settings.role(),
                "--dbname=" + settings.database());
        Map<String, String> environment = Map.of("PGPASSWORD", files.read(files.passwordFile()).orElseThrow());
        ProcessRunner.Outcome outcome = PostgresRoles.Clients.run(command, environment, progress, CLIENT_TIMEOUT);
        if (outcome.exitCode() != 0) {
            throw new InfrastructureException(Agent.DEPLOYER, "pg_dump of " + settings.database() + " failed:\n  "
                    + String.join("\n  ", outcome.tail()), "Backing up the database of " + app
                    + " before migrating it", "Fix what pg_dump reports, then deploy again; nothing was migrated");
        }
        return Optional.of(file);
    }

    /**
     * What the host agent brings up before the app's instances each time it starts (after a reboot, say): the app's
     * server on its port, checked with {@code pg_ctl status} and started with {@code pg_ctl start}; no secret in
     * either. Empty when HiveMind runs no database for the app.
     */
    Optional<BackingService> service(String app) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        Optional<DatabaseFiles.Settings> settings = files.settings();
        Optional<Path> bin = PostgresInstall.binDirectory(files.clusterVersion());
        if (settings.isEmpty() || bin.isEmpty()) {
            return Optional.empty();
        }
        PostgresCluster cluster = cluster(files, bin.get());
        return Optional.of(new BackingService(ENGINE, cluster.statusCommand(),
                cluster.startCommand(settings.get().port())));
    }

    /** Stops the app's server, keeping its data; whether it was running. */
    boolean stop(String app, Progress progress) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        if (!files.exists()) {
            return false;
        }
        return PostgresInstall.binDirectory(files.clusterVersion()).map(bin -> cluster(files, bin).stop(progress))
                .orElse(false);
    }

    /** Where the app's cluster keeps its data, when it has one. */
    Optional<Path> dataDirectory(String app) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        return files.exists() ? Optional.of(files.clusterDirectory().resolve("data")) : Optional.empty();
    }

    /** Stops the app's server and deletes its cluster, passwords and backups; what it deleted. */
    List<String> purge(String app, Progress progress) {
        DatabaseFiles files = DatabaseFiles.of(home, app);
        if (!files.exists()) {
            return List.of();
        }
        stop(app, progress);
        List<String> removed = new ArrayList<>(List.of("the PostgreSQL cluster of " + app + " in "
                + files.clusterDirectory()));
        if (Files.isDirectory(files.backups())) {
            removed.add("its backups in " + files.backups());
        }
        try {
            PrivateFiles.deleteTree(files.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + files.directory(), e);
        }
        return removed;
    }

    private static PostgresCluster cluster(DatabaseFiles files, Path bin) {
        return new PostgresCluster(files.clusterDirectory(), bin, ServiceUser.forThisProcess());
    }

    /**
     * The server binaries for the app's cluster: of the version it was made with, which must agree with
     * {@code wanted} ({@code database.version}); for a new cluster, of {@code wanted}, else the newest installed.
     */
    private static Path binaries(DatabaseFiles files, Optional<String> wanted) {
        Optional<String> made = files.clusterVersion();
        if (made.isPresent() && wanted.isPresent() && !made.get().equals(wanted.get())) {
            throw new InvalidInputException(Agent.PROVISIONER, "the PostgreSQL cluster of this app was made with "
                    + "version " + made.get() + ", and hivemind.yaml asks for " + wanted.get(), "Provisioning the "
                    + "app's PostgreSQL", "Set database.version to " + made.get() + " (or remove it); to move to "
                    + wanted.get() + ", upgrade the cluster in " + files.clusterDirectory() + " with pg_upgrade, or "
                    + "start afresh with hivemind destroy APP --purge-data (which deletes its data)");
        }
        Optional<String> version = made.or(() -> wanted);
        return PostgresInstall.binDirectory(version).orElseThrow(() -> new InfrastructureException(
                Agent.PROVISIONER, "the app uses PostgreSQL" + version.map(v -> " " + v).orElse("") + ", but its "
                + "initdb and pg_ctl are neither on the PATH nor in " + PostgresInstall.SYSTEM + "/"
                + version.orElse("*") + "/bin (installed: " + PostgresInstall.installedVersions(List.of(
                PostgresInstall.SYSTEM)) + ")", "Provisioning the app's PostgreSQL", version.map(v ->
                "apt-get install postgresql-" + v).orElseGet(PostgresInstall::installHint)));
    }

    /** A role or database name from the app's name: {@code my-shop} gives {@code my_shop}. */
    static String identifier(String app) {
        return app.replace('-', '_');
    }

    /** 32 URL-safe characters from 24 random bytes. */
    static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    private static boolean portFree(int port) {
        return PortAllocator.isFree(port, HOST);
    }
}
