package dev.hivemind.cli.command;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.cli.Main;
import dev.hivemind.runtime.agent.AgentJvm;
import dev.hivemind.runtime.agent.AgentSupervisor;
import dev.hivemind.api.TargetFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;

/** The command line that runs the host agent in the foreground, from the same Java and classpath as this CLI. */
public final class AgentCommands {
    /** The arguments of the agent's own command; {@link Main} runs it without parsing the whole command tree. */
    static final List<String> RUN = List.of("agent", "run");
    static final List<String> BRIDGE = List.of("agent", "bridge");
    static final String JAR_PROPERTY = "hivemind.jar";

    private AgentCommands() {
    }

    public static List<String> foreground(HivemindHome home) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return AgentJvm.command(java, home, System.getProperty("java.class.path"), Main.class.getName(), RUN);
    }

    /**
     * HiveMind as one jar, for the hosts of a remote target: the jar named by the system property
     * {@code hivemind.jar} (tests that run from classes set it), else the one jar this CLI runs from.
     */
    public static Optional<TargetFactory.AgentProgram> program() {
        String configured = System.getProperty(JAR_PROPERTY);
        String classpath = System.getProperty("java.class.path", "");
        Optional<Path> jar = configured != null ? Optional.of(Path.of(configured))
                : classpath.endsWith(".jar") && !classpath.contains(File.pathSeparator)
                ? Optional.of(Path.of(classpath)) : Optional.empty();
        return jar.filter(Files::isRegularFile)
                .map(path -> new TargetFactory.AgentProgram(path.toAbsolutePath(), Main.class.getName()));
    }

    /** Whether {@code args} ask to carry standard input and output to the agent's socket ({@code agent bridge}). */
    public static boolean runsBridge(String... args) {
        return List.of(args).equals(BRIDGE);
    }

    /**
     * Whether {@code args} ask for the agent in the foreground ({@code hivemind agent run}), or for one of its
     * supervisor's agents ({@code hivemind agent run --standby}, {@link #standsBy}).
     */
    public static boolean runsAgent(String... args) {
        return List.of(args).equals(RUN) || standsBy(args);
    }

    /** Whether {@code args} are those of an agent that waits for its turn under the supervisor. */
    public static boolean standsBy(String... args) {
        return List.of(args).equals(List.of(RUN.get(0), RUN.get(1), AgentSupervisor.STANDBY));
    }
}
