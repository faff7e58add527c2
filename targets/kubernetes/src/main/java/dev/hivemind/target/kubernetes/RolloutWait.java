package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Progress;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits until a Deployment has rolled out: the controller saw its latest spec, every pod runs the new template, is
 * ready and available, and no old pod is left. Ends early when the Deployment reports that it stopped progressing
 * ({@code ProgressDeadlineExceeded}), and at the deadline.
 */
final class RolloutWait {
    /** Sleeps between two looks at the Deployment. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Pause pause;
    private final Duration poll;

    RolloutWait(KubernetesClient client, Clock clock, Pause pause, Duration poll) {
        this.client = client;
        this.clock = clock;
        this.pause = pause;
        this.poll = poll;
    }

    /**
     * Returns when {@code name} in {@code namespace} is rolled out.
     *
     * @throws RolloutFailure when it stopped progressing, vanished, or is not rolled out within {@code timeout}
     */
    void rolledOut(String namespace, String name, Duration timeout, Progress progress) {
        Instant deadline = clock.instant().plus(timeout);
        String last = "";
        while (true) {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment == null) {
                throw new RolloutFailure("Deployment " + namespace + "/" + name + " disappeared during its rollout");
            }
            Optional<String> stalled = stalled(deployment);
            if (stalled.isPresent()) {
                throw new RolloutFailure("Deployment " + namespace + "/" + name + " stopped progressing: "
                        + stalled.get());
            }
            String state = describe(deployment);
            if (done(deployment)) {
                progress.line("Deployment " + name + " rolled out: " + state);
                return;
            }
            if (!state.equals(last)) {
                progress.line("Deployment " + name + ": " + state);
                last = state;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new RolloutFailure("Deployment " + namespace + "/" + name + " did not roll out within "
                        + timeout.toSeconds() + " s: " + state);
            }
            sleep();
        }
    }

    static boolean done(Deployment deployment) {
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        DeploymentStatus status = deployment.getStatus();
        if (status == null) {
            return false;
        }
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null || (status.getObservedGeneration() != null
                && status.getObservedGeneration() >= generation);
        return observed && count(status.getUpdatedReplicas()) >= wanted && count(status.getReadyReplicas()) >= wanted
                && count(status.getAvailableReplicas()) >= wanted && count(status.getReplicas()) <= wanted;
    }

    static String describe(Deployment deployment) {
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        return count(status.getReadyReplicas()) + " of " + wanted + " pod(s) ready, "
                + count(status.getUpdatedReplicas())
                + " updated, " + count(status.getReplicas()) + " in all";
    }

    private static Optional<String> stalled(Deployment deployment) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return deployment.getStatus().getConditions().stream()
                .filter(condition -> "Progressing".equals(condition.getType())
                        && "False".equals(condition.getStatus()))
                .map(RolloutWait::reason).findFirst();
    }

    private static String reason(DeploymentCondition condition) {
        return Objects.requireNonNullElse(condition.getReason(), "no reason") + " ("
                + Objects.requireNonNullElse(condition.getMessage(), "no message") + ")";
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private void sleep() {
        try {
            pause.sleep(poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutFailure("interrupted while waiting for the rollout");
        }
    }

    /** A rollout that did not complete; the message says what the Deployment showed last. */
    static final class RolloutFailure extends RuntimeException {
        RolloutFailure(String message) {
            super(message);
        }
    }
}
