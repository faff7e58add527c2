package dev.hivemind.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (this machine's {@code initdb} and {@code pg_ctl}, run as the {@code postgres} user) that
 * stands behind the stand-in's RDS endpoint in {@link AwsTargetIT}: it listens on this machine's address on the test
 * hosts' network, port 5432, with the master user, password and database the stand-in's RDS instance was created
 * with, so that an app deployed to the test hosts really migrates and uses a database. Test code; not RDS.
 */
final class RdsStandInServer implements AutoCloseable {
    private static final String OWNER = "postgres";
    private final Path directory;
    private final Path bin;

    private RdsStandInServer(Path directory, Path bin) {
        this.directory = directory;
        this.bin = bin;
    }

    /** Starts it on {@code address}:5432 with {@code user} (its password) owning {@code database}. */
    static RdsStandInServer start(String address, String user, String password, String database) {
        try {
            Path bin;
            try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                bin = versions.map(version -> version.resolve("bin")).filter(dir -> Files.isExecutable(
                        dir.resolve("initdb"))).sorted().reduce((first, second) -> second).orElseThrow(() ->
                        new IllegalStateException("no initdb under /usr/lib/postgresql"));
            }
            Path directory = Files.createTempDirectory(Path.of("/tmp"), "hm-rds-");
            RdsStandInServer server = new RdsStandInServer(directory, bin);
            run("chmod", "755", directory.toString());
            Path pwfile = directory.resolve("pw");
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            run("chown", "-R", OWNER, directory.toString());
            server.as(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(), "-U", user,
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256");
            Files.delete(pwfile);
            Path hba = directory.resolve("data/pg_hba.conf");
            Files.writeString(hba, Files.readString(hba) + "\nhost all all 10.0.0.0/8 scram-sha-256\n");
            server.as(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-l",
                    directory.resolve("server.log").toString(), "-w", "-o", "-c listen_addresses=" + address
                            + " -c port=5432 -c unix_socket_directories=" + directory, "start");
            server.as(bin.resolve("createdb").toString(), "-h", directory.toString(), "-U", user, "-O", user,
                    database);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sql} run by the master user on {@code database}, its rows as psql prints them unaligned. */
    String query(String user, String database, String sql) {
        return as(bin.resolve("psql").toString(), "-h", directory.toString(), "-U", user, "-d", database, "-At",
                "-c", sql);
    }

    private String as(String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", OWNER, "--"));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(new java.io.File("/tmp")).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            as(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop");
        } finally {
            run("rm", "-rf", directory.toString());
        }
    }
}
