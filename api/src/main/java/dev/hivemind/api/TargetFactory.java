package dev.hivemind.api;

import dev.hivemind.api.host.HivemindHome;
import java.util.List;

/**
 * Creates a {@link Target}; implementations are listed in {@code META-INF/services/dev.hivemind.api.TargetFactory}
 * and found with {@link java.util.ServiceLoader}.
 */
public interface TargetFactory {

    /** The name used with {@code --target}. */
    String name();

    Target create(TargetEnvironment environment);

    /**
     * What every target may need from the program that runs it.
     *
     * @param home         HIVEMIND_HOME
     * @param agentCommand the command line that runs the host agent in the foreground ({@code ... agent run})
     */
    record TargetEnvironment(HivemindHome home, List<String> agentCommand) {
        public TargetEnvironment {
            agentCommand = List.copyOf(agentCommand);
        }
    }
}
