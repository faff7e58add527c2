package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import java.util.Optional;

/** The outputs of earlier stages a stage needs, and how a stage's outputs join the running state. */
public final class Outputs {

    private Outputs() {
    }

    /**
     * The output, or an error telling the user which stage to run first.
     *
     * @throws InvalidInputException when the output is missing (the earlier stage never completed)
     */
    public static <T> T require(Optional<T> output, String what, StageName producer, DeploymentState state, Agent agent) {
        return output.orElseThrow(() -> new InvalidInputException(agent,
                "deployment " + state.deploymentId() + " has no " + what + " yet",
                "Reading the output of stage " + producer.number() + " " + producer,
                "Run that stage first: `hivemind retry " + state.deploymentId() + " --stage " + producer + "`"));
    }

    /**
     * The live state with a stage's outputs copied in. A stage may add outputs; the Conductor's status, stages,
     * logs and errors in {@code live} stay as they are.
     */
    static DeploymentState merge(DeploymentState live, DeploymentState result) {
        if (!live.deploymentId().equals(result.deploymentId())) {
            throw new IllegalStateException("a stage of " + live.deploymentId() + " returned the state of "
                    + result.deploymentId());
        }
        DeploymentState merged = live.withValidation(result.validation()).withHooks(result.hooks())
                .withEstimatedCostPerMonth(result.estimatedCostPerMonth());
        merged = result.git().map(merged::withGit).orElse(merged);
        merged = result.techStack().map(merged::withTechStack).orElse(merged);
        merged = result.buildArtifact().map(merged::withBuildArtifact).orElse(merged);
        merged = result.infrastructure().map(merged::withInfrastructure).orElse(merged);
        merged = result.deploymentConfig().map(merged::withDeploymentConfig).orElse(merged);
        merged = result.securityConfig().map(merged::withSecurityConfig).orElse(merged);
        merged = result.database().isPresent() ? merged.withDatabase(result.database()) : merged;
        return result.url().map(merged::withUrl).orElse(merged);
    }
}
