package dev.hivemind.runtime.agent;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.api.host.HivemindHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the host agent running where no service manager does (systemd is not the init, or HiveMind is not root): a
 * small {@code /bin/sh} script, {@code agent/supervise.sh}, started in a session of its own. It runs two loops, each
 * running an agent with {@code --standby}: the agent holding {@link AgentLock} serves, the other has loaded its
 * classes and waits for that lock, so when the serving agent dies — {@code kill -9}, a crash, the OOM killer — the
 * other takes over at once and adopts the instances, and the dead one's loop starts a new agent to stand by. An agent
 * that fails quickly is started again after 1, 2, 4 … 30 s. The loops go on while {@code agent/supervise.on} exists;
 * {@code agent stop} removes it ({@link #switchOff}) before it stops the agent, so nothing comes back.
 */
public final class AgentSupervisor {
    /** The argument that makes {@code hivemind agent run} stand by for the lock instead of refusing to start. */
    public static final String STANDBY = "--standby";
    /** The line the script writes to the agent's log when an agent it runs exits. */
    static final String EXITED = "hivemind supervisor: the host agent (pid ";
    private static final int QUICK_FAILURE_SECONDS = 10;
    private static final int LONGEST_PAUSE_SECONDS = 30;

    private AgentSupervisor() {
    }

    /** Whether the supervisor is switched on: its agents keep running (and standing by) while it is. */
    public static boolean switchedOn(HivemindHome home) {
        return Files.exists(onFile(home));
    }

    /**
     * Writes the script for {@code agentCommand} (which runs the agent in the foreground and takes {@link #STANDBY} as
     * its last argument), switches the supervisor on and starts it under {@code setsid} with a clean environment
     * ({@link CleanEnvironment#agent}), its output and its agents' appended to {@code log}.
     */
    static Process launch(HivemindHome home, List<String> agentCommand, Path log) {
        Path script = script(home);
        AgentFiles.writeAtomically(script, script(home, agentCommand, log).getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + script + " executable: " + e.getMessage(), e);
        }
        AgentFiles.file(onFile(home));
        List<String> command = List.of("setsid", "/bin/sh", script.toString());
        try {
            return AgentLauncher.detached(home, command, log).start();
        } catch (IOException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "cannot start the host agent's supervisor: "
                    + e.getMessage(), "Starting the host agent: " + AgentLauncher.shellLine(command),
                    "Check that setsid (util-linux) and /bin/sh are installed", e);
        }
    }

    /** The script: both loops, the pid file, the pauses after quick failures. */
    static String script(HivemindHome home, List<String> agentCommand, Path log) {
        List<String> standby = new ArrayList<>(agentCommand);
        standby.add(STANDBY);
        String on = q(onFile(home));
        String logFile = q(log);
        return String.join("\n",
                "#!/bin/sh",
                "# Written by HiveMind: keeps the host agent of " + home.root() + " running. Each loop runs an agent;",
                "# the one holding agent/agent.lock serves, the other stands by and takes over the moment it dies.",
                "# Removing " + onFile(home).getFileName() + " ends both loops (hivemind agent stop does).",
                "echo $$ > " + q(pidFile(home)),
                "umask 077",
                "unset PWD OLDPWD",
                "keep() {",
                "  next=1",
                "  while [ -f " + on + " ]; do",
                "    began=$(date +%s)",
                "    " + commandLine(standby) + " >> " + logFile + " 2>&1 &",
                "    agent=$!",
                "    wait $agent",
                "    code=$?",
                "    rm -f " + q(home.agent()) + "/*.config.$1",
                "    [ -f " + on + " ] || break",
                "    if [ $(( $(date +%s) - began )) -ge " + QUICK_FAILURE_SECONDS + " ]; then pause=0; next=1;",
                "    else pause=$next; next=$(( next * 2 > " + LONGEST_PAUSE_SECONDS + " ? " + LONGEST_PAUSE_SECONDS
                        + " : next * 2 )); fi",
                "    echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) " + EXITED + "$agent) exited with code $code; starting"
                        + " another in $pause s\" >> " + logFile,
                "    sleep $pause",
                // the agent that served died: start the next after the one standing by has taken over, not beside it
                "    s=$(cat " + q(standbyFile(home)) + " 2>/dev/null); i=0",
                "    while [ $i -lt 50 ] && [ \"$(cat " + q(HostAgent.pidFile(home)) + " 2>/dev/null)\" = \"$agent\" ]"
                        + " && [ -n \"$s\" ] && [ \"$s\" != \"$agent\" ] && kill -0 \"$s\" 2>/dev/null; do"
                        + " sleep 0.1; i=$((i+1)); done",
                "  done",
                "}",
                "keep 1 &",
                // the second agent starts once the first serves, so the two do not share the CPU while it starts
                "i=0; while [ $i -lt 300 ] && [ -f " + on + " ] && [ ! -S "
                        + q(home.agentSocket()) + " ]; do sleep 0.1;"
                        + " i=$((i+1)); done",
                "keep 2",
                "wait",
                "");
    }

    /** The running supervisor of this home, if any: the process its pid file names, still running the script. */
    public static Optional<ProcessHandle> running(HivemindHome home) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(home)).strip());
            String script = script(home).toString();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(script));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Switches the supervisor off: removes {@code supervise.on}, so no loop starts another agent and an agent standing
     * by gives up, then ends the loops and the agents standing by (SIGKILL: they serve nothing, and a JVM that exits
     * normally would write the class cache beside the serving agent's). The serving agent ({@code serving}) and what
     * it runs are left alone, for the caller to stop gracefully.
     */
    public static void switchOff(HivemindHome home, Optional<Long> serving) {
        try {
            Files.deleteIfExists(onFile(home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + onFile(home) + ": " + e.getMessage(), e);
        }
        running(home).ifPresent(supervisor -> {
            killTree(supervisor, serving);
            try {
                Files.deleteIfExists(pidFile(home));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + pidFile(home) + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Removes what the supervisor's agents leave once every one is gone: the record of the one standing by and the
     * class-cache configurations of agents killed while they recorded.
     */
    static void removeLeftovers(HivemindHome home) {
        try (var files = Files.list(home.agent())) {
            for (Path file : files.filter(file -> file.getFileName().toString().matches(".*\\.aot\\.config\\.[12]")
                    || file.equals(standbyFile(home))).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // leftovers only: the next supervisor writes over them
        }
    }

    /** SIGKILL to the process and everything under it, except {@code spared} and what runs under that. */
    private static void killTree(ProcessHandle process, Optional<Long> spared) {
        if (spared.filter(pid -> pid == process.pid()).isPresent()) {
            return;
        }
        List<ProcessHandle> children = process.children().toList();
        process.destroyForcibly();
        children.forEach(child -> killTree(child, spared));
    }

    /**
     * The agent's command as shell words. An agent that records the class cache when it exits ({@code
     * -XX:AOTCacheOutput}) gets a configuration file of its loop's own ({@code $1}): by default both agents would
     * record into one, and spoil it.
     */
    private static String commandLine(List<String> command) {
        StringBuilder line = new StringBuilder();
        for (String word : command) {
            line.append(line.isEmpty() ? "" : " ").append(AgentLauncher.shellLine(List.of(word)));
            if (word.startsWith(AgentJvm.RECORD_CACHE)) {
                line.append(' ').append(AgentLauncher.shellLine(List.of("-XX:AOTConfiguration="
                        + word.substring(AgentJvm.RECORD_CACHE.length()) + ".config."))).append("\"$1\"");
            }
        }
        return line.toString();
    }

    /** A path as one shell word. */
    private static String q(Path path) {
        return AgentLauncher.shellLine(List.of(path.toString()));
    }

    /** Records that this process stands by, so the loop of an agent that died lets it take over first. */
    static void standingBy(HivemindHome home) {
        AgentFiles.writeAtomically(standbyFile(home), (ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    static Path standbyFile(HivemindHome home) {
        return home.agent().resolve("standby.pid");
    }

    static Path script(HivemindHome home) {
        return home.agent().resolve("supervise.sh");
    }

    static Path onFile(HivemindHome home) {
        return home.agent().resolve("supervise.on");
    }

    static Path pidFile(HivemindHome home) {
        return home.agent().resolve("supervisor.pid");
    }
}
