package dev.hivemind.target.ssh.host;

import dev.hivemind.api.Progress;
import dev.hivemind.api.TargetFactory.AgentProgram;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.runtime.agent.AgentJvm;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Puts HiveMind's agent on a host, once per version: a Java runtime (the host's own Java 21+, else an image made
 * here with jlink), HiveMind's jar (checksum-verified), and a systemd unit that keeps the agent running
 * ({@code Restart=always}); where systemd is not the init, a shell loop started with {@code setsid} does, with a
 * warning. Running it again changes nothing when nothing changed, and says so.
 */
public final class AgentInstall {
    private static final System.Logger LOG = System.getLogger(AgentInstall.class.getName());
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_POLL = Duration.ofMillis(250);

    private final AgentProgram program;
    private final Path cache;

    /**
     * @param program HiveMind's jar and the main class that runs {@code agent run}
     * @param cache   where the packed Java runtime image is kept on this machine
     */
    public AgentInstall(AgentProgram program, Path cache) {
        this.program = program;
        this.cache = cache;
    }

    /** What installing did on one host. */
    public record Outcome(List<String> changes, String java, boolean systemd) {
        public Outcome {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Installs what is missing and starts the agent, then waits until it answers: its socket on the host, then its
     * status through {@code answers} (a call over the connection's tunnel, the way every later call goes).
     */
    public Outcome install(SshConnection connection, HostFacts facts, Progress progress, BooleanSupplier answers) {
        List<String> changes = new ArrayList<>();
        JavaOnHost java = java(connection, facts, changes, progress);
        String jar = jar(connection, changes, progress);
        List<String> command = new ArrayList<>(List.of(java.path()));
        command.addAll(AgentJvm.portableOptions(RemoteLayout.HOME, java.version()));
        command.addAll(List.of("-cp", jar, program.mainClass(), "agent", "run"));
        bridge(connection, java.path(), jar, changes);
        if (facts.systemd()) {
            unit(connection, AgentService.unit(command), changes);
        } else {
            fallback(connection, AgentService.supervisor(command), changes);
        }
        awaitSocket(connection);
        awaitAnswer(connection, answers);
        return new Outcome(changes, java.path() + " (" + java.version() + ")", facts.systemd());
    }

    private record JavaOnHost(String path, Runtime.Version version) { }

    private JavaOnHost java(SshConnection connection, HostFacts facts, List<String> changes, Progress progress) {
        Optional<Runtime.Version> own = Optional.ofNullable(facts.commands().get("java"))
                .flatMap(AgentInstall::javaVersion).filter(version -> version.feature() >= 21);
        if (own.isPresent()) {
            String path = connection.run("command -v java").output();
            return new JavaOnHost(path, own.get());
        }
        if (!facts.javaArch().equals(JavaRuntimeImage.arch())) {
            throw new InfrastructureException(Agent.PROVISIONER, connection.host().display() + " is " + facts.arch()
                    + " and has no Java 21 or newer; the runtime HiveMind can make here is for " + JavaRuntimeImage.arch(),
                    "Installing the agent's Java on " + connection.host().display(), "Install Java 21 or newer on the "
                    + "host (apt-get install openjdk-21-jre-headless, or Temurin's package), then run hivemind resume");
        }
        Runtime.Version version = JavaRuntimeImage.version();
        String directory = RemoteLayout.RUNTIMES + "/java-" + version.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        String java = directory + "/bin/java";
        if (!connection.run("test -x " + RemoteShell.quote(java)).ok()) {
            progress.line(connection.host().display() + ": uploading a Java " + version.feature()
                    + " runtime for the agent (made with jlink, once)");
            Path packed = JavaRuntimeImage.packed(cache);
            String incoming = RemoteLayout.INCOMING + "/" + packed.getFileName();
            mkdirs(connection, RemoteLayout.INCOMING);
            long bytes = Uploads.put(connection, packed, incoming);
            connection.run("set -e; rm -rf " + q(directory + ".partial") + "; mkdir -p " + q(directory + ".partial")
                    + "; tar -xzf " + q(incoming) + " -C " + q(directory + ".partial") + "; rm -rf " + q(directory)
                    + "; mv " + q(directory + ".partial") + " " + q(directory) + "; rm -f " + q(incoming),
                    UPLOAD_TIMEOUT).require(Agent.PROVISIONER, "Unpacking the agent's Java runtime",
                    "Check the host's free disk under " + RemoteLayout.ROOT);
            changes.add("installed a Java " + version + " runtime (" + bytes / 1024 / 1024 + " MB) in " + directory);
        }
        return new JavaOnHost(java, version);
    }

    private String jar(SshConnection connection, List<String> changes, Progress progress) {
        String checksum = Uploads.sha256(program.jar());
        String jar = RemoteLayout.PROGRAMS + "/hivemind-" + checksum.substring(0, 16) + ".jar";
        CommandResult present = connection.run("sha256sum " + q(jar) + " 2>/dev/null");
        if (present.ok() && present.output().startsWith(checksum)) {
            return jar;
        }
        progress.line(connection.host().display() + ": uploading HiveMind's agent (" + program.jar().getFileName()
                + ")");
        mkdirs(connection, RemoteLayout.PROGRAMS);
        String partial = jar + ".partial";
        Uploads.put(connection, program.jar(), partial);
        CommandResult verified = connection.run("sha256sum " + q(partial));
        if (!verified.output().startsWith(checksum)) {
            connection.run("rm -f " + q(partial));
            throw new InfrastructureException(Agent.PROVISIONER, "the agent uploaded to " + connection.host().display()
                    + " does not match its checksum (" + verified.output() + " instead of " + checksum + ")",
                    "Uploading HiveMind's agent", "Run hivemind resume to upload it again");
        }
        connection.run("mv " + q(partial) + " " + q(jar)).require(Agent.PROVISIONER, "Installing the agent", "Check "
                + RemoteLayout.PROGRAMS + " on the host");
        changes.add("installed HiveMind's agent " + jar + " (sha256 " + checksum.substring(0, 16) + "...)");
        return jar;
    }

    /** The bridge a non-root login's tunnel runs through sudo, rewritten when the agent's version changes. */
    private void bridge(SshConnection connection, String javaCommand, String jar, List<String> changes) {
        String script = String.join("\n", "#!/bin/sh", "# Written by HiveMind: one connection to the host agent over "
                + "standard input and output.", "export HIVEMIND_HOME=" + RemoteLayout.ROOT, "exec " + q(javaCommand)
                + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + q(jar) + " " + program.mainClass()
                + " agent bridge", "");
        if (connection.run("cat " + RemoteLayout.BRIDGE + " 2>/dev/null").stdout().equals(script)) {
            return;
        }
        mkdirs(connection, RemoteLayout.ROOT + "/bin");
        connection.run("cat > " + RemoteLayout.BRIDGE + " && chmod 0700 " + RemoteLayout.BRIDGE,
                script.getBytes(java.nio.charset.StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT)
                .require(Agent.PROVISIONER, "Writing the agent's bridge", "Check " + RemoteLayout.ROOT + " on the host");
        changes.add("wrote the agent bridge " + RemoteLayout.BRIDGE);
    }

    private static void unit(SshConnection connection, String unit, List<String> changes) {
        CommandResult current = connection.run("cat " + RemoteLayout.UNIT_FILE + " 2>/dev/null");
        boolean changed = !current.stdout().equals(unit);
        if (changed) {
            connection.run("cat > " + RemoteLayout.UNIT_FILE + ".partial && mv " + RemoteLayout.UNIT_FILE
                    + ".partial " + RemoteLayout.UNIT_FILE + " && systemctl daemon-reload && systemctl enable "
                    + RemoteLayout.UNIT + " >/dev/null 2>&1 && systemctl restart " + RemoteLayout.UNIT,
                    unit.getBytes(java.nio.charset.StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT)
                    .require(Agent.PROVISIONER, "Starting the agent's systemd unit", "See: journalctl -u "
                            + RemoteLayout.UNIT + " on the host");
            changes.add((current.ok() ? "updated" : "installed") + " and started the systemd unit "
                    + RemoteLayout.UNIT);
            return;
        }
        CommandResult active = connection.run("systemctl is-active " + RemoteLayout.UNIT);
        if (!active.output().equals("active")) {
            connection.run("systemctl start " + RemoteLayout.UNIT).require(Agent.PROVISIONER,
                    "Starting the agent's systemd unit", "See: journalctl -u " + RemoteLayout.UNIT + " on the host");
            changes.add("started the systemd unit " + RemoteLayout.UNIT + " (it was " + active.output() + ")");
        }
    }

    private static void fallback(SshConnection connection, String script, List<String> changes) {
        String file = RemoteLayout.ROOT + "/agent/supervise.sh";
        CommandResult current = connection.run("cat " + q(file) + " 2>/dev/null");
        boolean running = connection.run("kill -0 \"$(cat " + RemoteLayout.SUPERVISOR_PID + " 2>/dev/null)\" "
                + "2>/dev/null").ok();
        if (current.stdout().equals(script) && running) {
            return;
        }
        mkdirs(connection, RemoteLayout.ROOT + "/agent");
        connection.run("cat > " + q(file) + " && chmod 0700 " + q(file), script.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT).require(Agent.PROVISIONER,
                "Writing the agent's supervisor", "Check " + RemoteLayout.ROOT + " on the host");
        connection.run(AgentService.stopSupervisor() + "; touch " + AgentService.SUPERVISOR_ON + "; setsid "
                + "/bin/sh " + q(file) + " </dev/null >/dev/null 2>&1 &").require(Agent.PROVISIONER,
                "Starting the agent's supervisor", "See " + RemoteLayout.ROOT + "/agent/agent.log on the host");
        changes.add("started the agent under HiveMind's fallback supervisor (systemd is not the host's init: the "
                + "agent is restarted when it dies, but not after a reboot)");
    }

    private static void awaitSocket(SshConnection connection) {
        String wait = "i=0; while [ ! -S " + RemoteLayout.AGENT_SOCKET + " ] && [ $i -lt " + START_TIMEOUT.toSeconds()
                * 10 + " ]; do sleep 0.1; i=$((i+1)); done; [ -S " + RemoteLayout.AGENT_SOCKET + " ]";
        connection.run(wait, START_TIMEOUT.plusSeconds(10)).require(Agent.PROVISIONER, "Waiting for the agent to "
                + "listen on " + RemoteLayout.AGENT_SOCKET, "See " + RemoteLayout.ROOT + "/agent/agent.log and "
                + "journalctl -u " + RemoteLayout.UNIT + " on the host");
    }

    /**
     * Waits (up to {@link #START_TIMEOUT}) until the agent answers its status; past that, fails with the agent's last
     * log lines.
     */
    private static void awaitAnswer(SshConnection connection, BooleanSupplier answers) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int attempts = 1;
        while (!answers.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String log = connection.run((connection.run("test -d /run/systemd/system").ok() ? "journalctl -u "
                        + RemoteLayout.UNIT + " -n 15 --no-pager" : "tail -n 15 " + AgentService.LOG) + " 2>&1")
                        .output();
                throw new InfrastructureException(Agent.PROVISIONER, "the agent on " + connection.host().display()
                        + " listens on " + RemoteLayout.AGENT_SOCKET + " but did not answer within "
                        + START_TIMEOUT.toSeconds() + " s; its last log lines:\n" + log, "Waiting for the agent to "
                        + "answer", "See journalctl -u " + RemoteLayout.UNIT + " (or " + AgentService.LOG
                        + ") on the host, then run hivemind resume");
            }
            attempts++;
            pause();
        }
        if (attempts > 1) {
            LOG.log(System.Logger.Level.DEBUG, "the agent on " + connection.host().display() + " answered at attempt "
                    + attempts);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ANSWER_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(Agent.PROVISIONER, "interrupted while waiting for the agent",
                    "Waiting for the agent to answer", "Run hivemind resume");
        }
    }

    static void mkdirs(RemoteShell shell, String directory) {
        shell.run("umask 077 && mkdir -p " + q(directory)).require(Agent.PROVISIONER, "Creating " + directory,
                "Check the host's free disk and that / is writable");
    }

    /** The version in {@code java -version}'s first line, e.g. {@code openjdk version "21.0.5" 2024-10-15}. */
    static Optional<Runtime.Version> javaVersion(String firstLine) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"([0-9][^\"]*)\"").matcher(firstLine);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Runtime.Version.parse(matcher.group(1).replace('_', '+')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String q(String value) {
        return RemoteShell.quote(value);
    }
}
