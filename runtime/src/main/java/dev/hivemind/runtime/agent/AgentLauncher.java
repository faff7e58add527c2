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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the host agent as a detached background process (its own session, so it outlives the command that started
 * it) and stops it.
 */
public final class AgentLauncher {
    /** How long {@link #stop(HivemindHome)} waits for the agent to stop its instances and exit. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int LOG_LINES = 20;

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

    /** Stops the agent (if one runs) and waits up to {@link #DEFAULT_STOP_TIMEOUT} until it is gone. */
    public static void stop(HivemindHome home) {
        stop(home, DEFAULT_STOP_TIMEOUT);
    }

    /** Stops the agent (if one runs): it stops its instances and proxies, then exits; waits until it is gone. */
    public static void stop(HivemindHome home, Duration timeout) {
        try (AgentClient client = AgentClient.connect(home)) {
            if (!client.isRunning()) {
                return;
            }
            long pid = client.status().pid();
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

    private static Process launch(HivemindHome home, List<String> agentCommand, Path log) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(agentCommand);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the agent and every app it starts outlive this command: nothing of the operator's shell goes with them
        builder.environment().clear();
        builder.environment().putAll(CleanEnvironment.agent(System.getenv(), home));
        try {
            return builder.start();
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
