package dev.hivemind.cli;

import dev.hivemind.api.host.HivemindHome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * One run of the CLI: where it prints, its environment and working directory, and whether a person is at a
 * terminal. Tests build their own to run the CLI in-process.
 */
public record Invocation(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory,
                         boolean terminal) {

    public Invocation {
        environment = Map.copyOf(environment);
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    public static Invocation ofProcess() {
        return new Invocation(System.out, System.err, System.getenv(), Path.of(""), System.console() != null);
    }

    public HivemindHome home() {
        return HivemindHome.fromEnvironment(environment);
    }

    /** Colors and icons follow the terminal; {@code NO_COLOR} or a non-terminal gives plain text. */
    public boolean styled() {
        return terminal && !environment.containsKey("NO_COLOR") && !"dumb".equals(environment.get("TERM"));
    }
}
