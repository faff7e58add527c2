package dev.hivemind.cli.command;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.cli.Main;
import dev.hivemind.runtime.agent.AgentJvm;
import java.nio.file.Path;
import java.util.List;

/** The command line that runs the host agent in the foreground, from the same Java and classpath as this CLI. */
public final class AgentCommands {
    /** The arguments of the agent's own command; {@link Main} runs it without parsing the whole command tree. */
    static final List<String> RUN = List.of("agent", "run");

    private AgentCommands() {
    }

    public static List<String> foreground(HivemindHome home) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return AgentJvm.command(java, home, System.getProperty("java.class.path"), Main.class.getName(), RUN);
    }

    /** Whether {@code args} ask for the agent in the foreground ({@code hivemind agent run}). */
    public static boolean runsAgent(String... args) {
        return List.of(args).equals(RUN);
    }
}
