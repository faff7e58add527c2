package dev.hivemind.api;

import dev.hivemind.api.host.HivemindHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * @param agentProgram the one jar that holds HiveMind and the class whose {@code main} runs
     *                     {@code agent run}, which a remote target copies to its hosts; empty when HiveMind does not
     *                     run from one jar
     * @param variables    the environment HiveMind runs in (a cloud target reads its region, credentials and
     *                     endpoints there, e.g. {@code AWS_ENDPOINT_URL})
     */
    record TargetEnvironment(HivemindHome home, List<String> agentCommand, Optional<AgentProgram> agentProgram,
                             Map<String, String> variables) {
        public TargetEnvironment {
            agentCommand = List.copyOf(agentCommand);
            Objects.requireNonNull(agentProgram, "agentProgram");
            variables = Map.copyOf(variables);
        }

        /** In this process's environment. */
        public TargetEnvironment(HivemindHome home, List<String> agentCommand, Optional<AgentProgram> agentProgram) {
            this(home, agentCommand, agentProgram, System.getenv());
        }

        public TargetEnvironment(HivemindHome home, List<String> agentCommand) {
            this(home, agentCommand, Optional.empty());
        }
    }

    /** HiveMind as one jar and the main class that runs the host agent from it. */
    record AgentProgram(Path jar, String mainClass) { }
}
