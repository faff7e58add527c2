package dev.hivemind.target.local;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PostgresInstall;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the app's role and database in its cluster, as {@link PostgresCluster#ADMIN_ROLE} through {@code psql} over
 * 127.0.0.1, idempotently. The role owns the database and is no superuser; its password is set as a SCRAM verifier.
 */
final class PostgresRoles {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path bin;
    private final int port;
    private final String adminPassword;

    PostgresRoles(Path bin, int port, String adminPassword) {
        this.bin = bin;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    void ensure(String role, String password, String database, Progress progress) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String verifier = ScramVerifier.of(password, salt, ScramVerifier.ITERATIONS);
        sql("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE \""
                + role + "\" LOGIN; END IF; END$$", progress);
        sql("ALTER ROLE \"" + role + "\" LOGIN NOSUPERUSER PASSWORD '" + verifier + "'", progress);
        List<String> found = new ArrayList<>();
        psql(List.of("-tA", "-c", "SELECT 1 FROM pg_database WHERE datname = '" + database + "'"), found::add);
        if (found.stream().noneMatch(line -> line.strip().equals("1"))) {
            progress.line("creating database " + database + " owned by " + role);
            sql("CREATE DATABASE \"" + database + "\" OWNER \"" + role + "\"", progress);
        }
    }

    /**
     * How many connections of {@code role} to {@code database} the server has now that were opened at or after
     * {@code since} ({@code pg_stat_activity}).
     */
    int connectionsSince(String role, String database, Instant since) {
        List<String> found = new ArrayList<>();
        psql(List.of("-tA", "-c", "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "' AND datname = '"
                + database + "' AND backend_start >= to_timestamp(" + since.toEpochMilli() / 1000.0 + ")"),
                found::add);
        return found.stream().map(String::strip).filter(line -> line.matches("\\d+")).mapToInt(Integer::parseInt)
                .findFirst().orElse(0);
    }

    private void sql(String statement, Progress progress) {
        psql(List.of("-q", "-c", statement), progress);
    }

    private void psql(List<String> arguments, Progress progress) {
        List<String> command = new ArrayList<>(List.of(PostgresInstall.program(bin, "psql"), "--no-psqlrc", "-v",
                "ON_ERROR_STOP=1", "--host=" + LocalPostgres.HOST, "--port=" + port, "--username="
                + PostgresCluster.ADMIN_ROLE, "--dbname=postgres"));
        command.addAll(arguments);
        ProcessRunner.Outcome outcome = Clients.run(command, Map.of("PGPASSWORD", adminPassword), progress, TIMEOUT);
        if (outcome.exitCode() != 0) {
            throw new InfrastructureException(Agent.PROVISIONER, "psql failed creating the app's role or database:"
                    + "\n  " + String.join("\n  ", outcome.tail()), "Creating the app's role and database",
                    "Fix what psql reports above, then deploy again");
        }
    }

    /** Runs PostgreSQL's client programs (psql, pg_dump) as HiveMind's own user. */
    static final class Clients {
        private Clients() {
        }

        static ProcessRunner.Outcome run(List<String> command, Map<String, String> environment, Progress progress,
                                         Duration timeout) {
            try {
                return ProcessRunner.run(command, Path.of("/"), environment, progress, timeout);
            } catch (IOException e) {
                throw new InfrastructureException(Agent.PROVISIONER, "cannot run " + command.getFirst() + ": "
                        + e.getMessage(), "Running PostgreSQL's client programs", "apt-get install postgresql", e);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException(Agent.PROVISIONER, "interrupted while running "
                        + command.getFirst(), "Running PostgreSQL's client programs", "Deploy again");
            }
        }
    }
}
