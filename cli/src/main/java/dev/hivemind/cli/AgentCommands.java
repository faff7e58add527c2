package dev.hivemind.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line that runs the host agent in the foreground, from the same Java and classpath as this CLI. */
final class AgentCommands {

    private AgentCommands() {
    }

    static List<String> foreground() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "agent", "run"));
        Optional.ofNullable(System.getProperty("hivemind.agent.jvm-options"))
                .ifPresent(options -> command.addAll(1, List.of(options.trim().split("\\s+"))));
        return command;
    }
}
