package dev.hivemind.cli;

import java.nio.file.Path;
import java.util.List;

/** The command line that runs the host agent in the foreground, from the same Java and classpath as this CLI. */
final class AgentCommands {

    private AgentCommands() {
    }

    static List<String> foreground() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The agent lives long and proxies every request: full JIT, a small serial-collected heap.
        return List.of(java, "-XX:+UseSerialGC", "-Xmx512m", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "agent", "run");
    }
}
