package dev.hivemind.target.local;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One app's private PostgreSQL cluster and its server process, driven with the machine's {@code initdb} and
 * {@code pg_ctl}. Its files: {@code cluster/} (the data directory and the server log, owned by the
 * {@link ServiceUser}) under the app's {@code database/} directory, which HiveMind keeps 0700 with the passwords.
 * The server listens on 127.0.0.1 only, on the port it is started with, without a Unix socket, and accepts SCRAM
 * passwords only.
 */
final class PostgresCluster {
    /** The cluster's superuser, which HiveMind alone logs in as (to create the app's role and database). */
    static final String ADMIN_ROLE = "hivemind";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final Path bin;
    private final ServiceUser user;

    /**
     * @param directory the service user's cluster directory
     * @param bin       where {@code initdb} and {@code pg_ctl} are
     */
    PostgresCluster(Path directory, Path bin, ServiceUser user) {
        this.directory = directory;
        this.bin = bin;
        this.user = user;
    }

    Path dataDirectory() {
        return directory.resolve("data");
    }

    Path logFile() {
        return directory.resolve("server.log");
    }

    Path bin() {
        return bin;
    }

    boolean initialized() {
        return Files.isRegularFile(dataDirectory().resolve("PG_VERSION"));
    }

    /** Creates the cluster with {@link #ADMIN_ROLE} as its superuser, discarding what a failed creation left. */
    void initialize(String adminPassword, Progress progress) {
        Path passwordFile = directory.resolve("admin-password.tmp");
        try {
            PrivateFiles.directory(directory);
            PrivateFiles.deleteTree(dataDirectory());
            PrivateFiles.writeAtomically(passwordFile, adminPassword.getBytes(StandardCharsets.UTF_8), false);
            user.own(directory);
            run("initdb", List.of("-D", dataDirectory().toString(), "-U", ADMIN_ROLE, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"), progress, "Creating the cluster");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory, e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // The file is 0600 in a 0700 directory; the next initialization replaces it.
            }
        }
    }

    boolean running() {
        if (!initialized()) {
            return false;
        }
        return pgCtl(statusArguments(), Progress.none()).exitCode() == 0;
    }

    /** {@code pg_ctl status} as the service user, which exits 0 when the server runs (what the host agent checks). */
    List<String> statusCommand() {
        return user.command(program("pg_ctl", statusArguments()));
    }

    /** {@code pg_ctl start} on 127.0.0.1:{@code port} as the service user (what the host agent runs); no secret. */
    List<String> startCommand(int port) {
        return user.command(program("pg_ctl", startArguments(port)));
    }

    private List<String> statusArguments() {
        return List.of("status", "-D", dataDirectory().toString());
    }

    private List<String> startArguments(int port) {
        return List.of("start", "-D", dataDirectory().toString(), "-l", logFile().toString(), "-w", "-t",
                String.valueOf(TIMEOUT.toSeconds()), "-o", "-p " + port + " -h 127.0.0.1 -k ''");
    }

    /** Starts the server on 127.0.0.1:{@code port} and waits until it accepts connections. */
    void start(int port, Progress progress) {
        ProcessRunner.Outcome outcome = pgCtl(startArguments(port), progress);
        if (outcome.exitCode() != 0) {
            throw failed("Starting PostgreSQL on 127.0.0.1:" + port, outcome, "Read " + logFile()
                    + "; if the port is taken, deploy again (HiveMind then picks another)");
        }
    }

    /** Stops the server (fast: open sessions are ended), when it runs; whether it ran. */
    boolean stop(Progress progress) {
        if (!running()) {
            return false;
        }
        ProcessRunner.Outcome outcome = pgCtl(List.of("stop", "-D", dataDirectory().toString(), "-m", "fast", "-w",
                "-t", String.valueOf(TIMEOUT.toSeconds())), progress);
        if (outcome.exitCode() != 0) {
            throw failed("Stopping PostgreSQL", outcome, "Read " + logFile());
        }
        return true;
    }

    private ProcessRunner.Outcome pgCtl(List<String> arguments, Progress progress) {
        return asServiceUser("pg_ctl", arguments, progress);
    }

    private void run(String program, List<String> arguments, Progress progress, String context) {
        ProcessRunner.Outcome outcome = asServiceUser(program, arguments, progress);
        if (outcome.exitCode() != 0) {
            throw failed(context, outcome, "Fix what " + program + " reports above, then deploy again");
        }
    }

    /** {@code program} of the server binaries, run as the {@link ServiceUser} once it can reach the directory. */
    private ProcessRunner.Outcome asServiceUser(String program, List<String> arguments, Progress progress) {
        user.grantTraversal(directory);
        return execute(user.command(program(program, arguments)), progress);
    }

    private List<String> program(String program, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(program).toString()));
        command.addAll(arguments);
        return command;
    }

    private ProcessRunner.Outcome execute(List<String> command, Progress progress) {
        try {
            return ProcessRunner.run(command, directory, Map.of("LC_ALL", "C"), progress, TIMEOUT);
        } catch (IOException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "cannot run " + command.getFirst() + ": "
                    + e.getMessage(), "Running the app's PostgreSQL", "Check that " + bin + " holds PostgreSQL's "
                    + "server binaries (apt-get install postgresql)", e);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(Agent.PROVISIONER, "interrupted while running " + command.getFirst(),
                    "Running the app's PostgreSQL", "Deploy again");
        }
    }

    private static InfrastructureException failed(String context, ProcessRunner.Outcome outcome, String remediation) {
        String how = outcome.timedOut() ? "did not finish within " + TIMEOUT.toSeconds() + " s"
                : "failed with exit code " + outcome.exitCode();
        return new InfrastructureException(Agent.PROVISIONER, context + " " + how + ":\n  "
                + String.join("\n  ", outcome.tail()), context, remediation);
    }
}
