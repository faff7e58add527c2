package dev.hivemind.runtime.agent;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.supervisor.InstanceLog;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the host agent as a detached background process (its own session, so it outlives the command that started
 * it), supervised ({@link #ensureSupervised}, what the CLI does: it comes back by itself when it dies) or alone
 * ({@link #ensureRunning}), and stops it with its supervisor.
 */
public final class AgentLauncher {
    /** How long {@link #stop(HivemindHome)} waits for the agent to stop its instances and exit. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int LOG_LINES = 20;
    /** How long a supervised agent that died may take to answer again (it takes well under a second). */
    private static final Duration SUPERVISED_RESTART = Duration.ofSeconds(5);

    private AgentLauncher() {
    }

    /**
     * Returns the running agent's status; when none answers, starts {@code agentCommand} under {@code setsid} with a
     * clean environment ({@link CleanEnvironment#agent}: PATH, HOME, LANG and HIVEMIND_HOME), stdin from /dev/null
     * and its output appended to {@code agent/agent.log}, and waits until it answers on its socket.
     *
     * @throws InfrastructureException with the log's last lines when the agent exits or does not answer in time
     */
    public static AgentStatus ensureRunning(HivemindHome home, List<String> agentCommand, Duration timeout) {
        if (agentCommand.isEmpty()) {
            throw new IllegalArgumentException("the command that runs the agent is empty");
        }
        try (AgentClient client = AgentClient.connect(home)) {
            if (client.isRunning()) {
                return client.status();
            }
            Path log = agentLog(home);
            Process process = launch(home, agentCommand, log);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (client.isRunning()) {
                    return client.status();
                }
                if (!process.isAlive()) {
                    throw notStarted(home, agentCommand, "the agent exited with code " + process.exitValue(), log);
                }
                if (System.nanoTime() >= deadline) {
                    process.destroy();
                    throw notStarted(home, agentCommand, "the agent did not answer within " + timeout.toSeconds() + " s",
                            log);
                }
                sleep(POLL);
            }
        }
    }

    /**
     * Makes sure the agent runs under its {@link AgentSupervisor}, which brings it back within a second when it dies:
     * returns the running agent's status when it and its supervisor run; waits a little for a supervisor that is
     * bringing its agent back; gives an agent running without one a supervisor (its agents stand by); otherwise starts
     * the supervisor and waits until its agent answers. {@code agentCommand} runs the agent in the foreground and takes
     * {@link AgentSupervisor#STANDBY} as its last argument.
     *
     * @throws InfrastructureException with the log's last lines when the agent exits or does not answer in time; the
     *                                 supervisor is then switched off, nothing keeps trying behind the error
     */
    public static AgentStatus ensureSupervised(HivemindHome home, List<String> agentCommand, Duration timeout) {
        if (agentCommand.isEmpty()) {
            throw new IllegalArgumentException("the command that runs the agent is empty");
        }
        try (AgentClient client = AgentClient.connect(home)) {
            if (AgentSupervisor.running(home).isPresent()) {
                if (awaitAnswer(client, SUPERVISED_RESTART)) {
                    return client.status();
                }
                AgentSupervisor.switchOff(home, Optional.empty()); // stuck: start it afresh below
            }
            Path log = agentLog(home);
            if (client.isRunning()) {
                AgentSupervisor.launch(home, agentCommand, log);
                return client.status();
            }
            long offset = size(log);
            Process supervisor = AgentSupervisor.launch(home, agentCommand, log);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!client.isRunning()) {
                Optional<String> exited = exitedSince(log, offset);
                if (exited.isPresent() || !supervisor.isAlive() || System.nanoTime() >= deadline) {
                    AgentSupervisor.switchOff(home, Optional.empty());
                    throw notStarted(home, agentCommand, exited.map(line -> "the agent " + line)
                            .orElse(supervisor.isAlive() ? "the agent did not answer within " + timeout.toSeconds()
                                    + " s" : "its supervisor exited with code " + supervisor.exitValue()), log);
                }
                sleep(POLL);
            }
            return client.status();
        }
    }

    /** Stops the agent (if one runs) and waits up to {@link #DEFAULT_STOP_TIMEOUT} until it is gone. */
    public static void stop(HivemindHome home) {
        stop(home, DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Stops the agent (if one runs) for good: switches its supervisor off first (no agent comes back, the ones standing
     * by end), then the agent stops its instances and proxies and exits; waits until it is gone.
     */
    public static void stop(HivemindHome home, Duration timeout) {
        try (AgentClient client = AgentClient.connect(home)) {
            boolean running = client.isRunning();
            Optional<Long> serving = running ? Optional.of(client.status().pid())
                    : Optional.empty();
            AgentSupervisor.switchOff(home, serving);
            if (serving.isEmpty()) {
                AgentSupervisor.removeLeftovers(home);
                return;
            }
            long pid = serving.get();
            client.shutdown();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!gone(home, pid)) {
                if (System.nanoTime() >= deadline) {
                    throw new InfrastructureException(Agent.PROVISIONER, "the host agent (pid " + pid
                            + ") did not stop within " + timeout.toSeconds() + " s", "Stopping the host agent",
                            "Stop it by hand: kill " + pid + " (kill -9 " + pid + " if it still runs)");
                }
                sleep(POLL);
            }
            AgentSupervisor.removeLeftovers(home);
        }
    }

    /**
     * Whether the agent answers; when it does not but its supervisor runs (it is bringing a dead agent back), after
     * waiting a few seconds for it.
     */
    public static boolean answers(HivemindHome home) {
        try (AgentClient client = AgentClient.connect(home)) {
            return client.isRunning()
                    || AgentSupervisor.running(home).isPresent() && awaitAnswer(client, SUPERVISED_RESTART);
        }
    }

    /** Waits up to {@code patience} for the agent to answer (a supervisor brings a dead one back within a second). */
    private static boolean awaitAnswer(AgentClient client, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!client.isRunning()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    /** What the supervisor wrote of an agent that exited after {@code offset} in the log, e.g. "exited with code 3". */
    private static Optional<String> exitedSince(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return Optional.empty();
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 1 << 20)];
            file.readFully(bytes);
            Matcher exited = Pattern.compile(Pattern.quote(
                    AgentSupervisor.EXITED) + "\\d+\\) (exited with code \\d+)")
                    .matcher(new String(bytes, StandardCharsets.UTF_8));
            return exited.find() ? Optional.of(exited.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The agent's log, created 0600 with its directory; a home that cannot hold it is said to be unusable. */
    private static Path agentLog(HivemindHome home) {
        try {
            return AgentFiles.file(home.agent().resolve("agent.log"));
        } catch (UncheckedIOException failure) {
            throw home.unusable(Agent.PROVISIONER, "create the agent's directory", home.agent(), failure.getCause());
        }
    }

    /**
     * {@code command} (a {@code setsid} line) to run apart from this command: no standard input, its output appended to
     * {@code log}, and only the agent's clean environment, since what it starts outlives this command and nothing of
     * the operator's shell may go with it.
     */
    static ProcessBuilder detached(HivemindHome home, List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(CleanEnvironment.agent(System.getenv(), home));
        return builder;
    }

    private static Process launch(HivemindHome home, List<String> agentCommand, Path log) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(agentCommand);
        try {
            return detached(home, command, log).start();
        } catch (IOException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "cannot start the host agent: " + e.getMessage(),
                    "Starting the host agent: " + shellLine(command),
                    "Check that setsid (util-linux) and " + agentCommand.getFirst() + " are installed", e);
        }
    }

    private static boolean gone(HivemindHome home, long pid) {
        boolean stillServing = AgentSocket.answers(home.agentSocket()) || Files.exists(HostAgent.pidFile(home));
        if (pid == ProcessHandle.current().pid()) {
            return !stillServing; // an agent inside this program: it is gone once it has closed
        }
        return !stillServing && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty();
    }

    private static InfrastructureException notStarted(HivemindHome home, List<String> command, String why, Path log) {
        List<String> lines = new InstanceLog(log).lastLines(LOG_LINES);
        String tail = lines.isEmpty() ? "(the log is empty)" : String.join("\n  ", lines);
        return new InfrastructureException(Agent.PROVISIONER, "the host agent did not start: " + why,
                "Starting the host agent: " + shellLine(command) + "\nLast lines of " + log + ":\n  " + tail,
                "Read " + log + "; run the agent in the foreground to see it fail (HIVEMIND_HOME=" + home.root()
                        + " " + shellLine(command) + ")");
    }

    /** The command as one line a shell runs as it is: words with blanks, quotes or {@code $} single-quoted. */
    static String shellLine(List<String> command) {
        return command.stream().map(word -> word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word
                : "'" + word.replace("'", "'\\''") + "'").collect(java.util.stream.Collectors.joining(" "));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(Agent.PROVISIONER, "interrupted while waiting for the host agent",
                    "Starting or stopping the host agent", "Run the command again");
        }
    }
}
