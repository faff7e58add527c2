package dev.hivemind.engine;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.time.Duration;
import java.util.Objects;

/** What happens during a run, as the Conductor tells its {@link DeploymentListener}. */
public sealed interface DeploymentEvent {

    String deploymentId();

    /** A stage began its {@code attempt}-th attempt in this run. */
    record StageStarted(String deploymentId, StageName stage, int attempt) implements DeploymentEvent {
        public StageStarted {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** A stage ended well: {@code completed}, or {@code skipped}. */
    record StageCompleted(String deploymentId, StageName stage, StageStatus outcome, Duration duration)
            implements DeploymentEvent {
        public StageCompleted {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** An attempt failed; when {@code willRetry} the stage runs again after {@code retryDelay}. */
    record StageFailed(String deploymentId, StageName stage, HiveMindException error, boolean willRetry,
                       Duration retryDelay) implements DeploymentEvent {
        public StageFailed {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(retryDelay, "retryDelay");
        }
    }

    /** A line of a stage's long work: clone progress, build output, health waits. */
    record ProgressLine(String deploymentId, StageName stage, String text) implements DeploymentEvent {
        public ProgressLine {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(text, "text");
        }
    }

    /** The deployment's status changed. */
    record StatusChanged(String deploymentId, Status from, Status to) implements DeploymentEvent {
        public StatusChanged {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
