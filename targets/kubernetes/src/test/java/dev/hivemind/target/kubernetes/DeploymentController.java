package dev.hivemind.target.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test side's stand-in for the kube-controller-manager and kubelet, which fabric8's mock API server does not run:
 * on each {@link #reconcile()} every Deployment gets the pods its spec asks for and a status, by what its image is
 * told to do: become ready (the default), never become ready, or fail ({@code ProgressDeadlineExceeded}).
 */
final class DeploymentController {
    enum Behaviour { READY, NEVER_READY, FAIL }

    private final KubernetesClient client;
    private final Map<String, Behaviour> byImage = new ConcurrentHashMap<>();
    private int reconciles;

    DeploymentController(KubernetesClient client) {
        this.client = client;
    }

    /** Pods of {@code image} behave so from now on. */
    void image(String image, Behaviour behaviour) {
        byImage.put(image, behaviour);
    }

    int reconciles() {
        return reconciles;
    }

    void reconcile() {
        reconciles++;
        for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
            Behaviour behaviour = byImage.getOrDefault(image, Behaviour.READY);
            int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            pods(deployment, wanted, behaviour == Behaviour.READY);
            client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).editStatus(found -> {
                        found.setStatus(status(found, wanted, behaviour));
                        return found;
                    });
        }
    }

    private static DeploymentStatus status(Deployment deployment, int wanted, Behaviour behaviour) {
        DeploymentStatusBuilder status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration()).withReplicas(wanted)
                .withUpdatedReplicas(wanted);
        return switch (behaviour) {
            case READY -> status.withReadyReplicas(wanted).withAvailableReplicas(wanted).build();
            case NEVER_READY -> status.withReadyReplicas(0).withAvailableReplicas(0).build();
            case FAIL -> status.withReadyReplicas(0).withAvailableReplicas(0).withConditions(
                    new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                            .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet has timed out "
                                    + "progressing.").build()).build();
        };
    }

    /** Exactly {@code wanted} pods of the Deployment's current template, named after it. */
    private void pods(Deployment deployment, int wanted, boolean ready) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        List<Pod> existing = client.pods().inNamespace(namespace).withLabels(deployment.getSpec().getSelector()
                .getMatchLabels()).list().getItems();
        existing.forEach(pod -> client.resource(pod).delete());
        for (int index = 0; index < wanted; index++) {
            client.resource(new PodBuilder().withNewMetadata().withName(name + "-" + index).withNamespace(namespace)
                    .withLabels(new HashMap<>(labels)).endMetadata().withSpec(deployment.getSpec().getTemplate()
                            .getSpec()).withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                    .withStatus(ready ? "True" : "False").endCondition().withContainerStatuses(
                            new ContainerStatusBuilder().withName("app").withRestartCount(ready ? 0 : 3)
                                    .withReady(ready).build()).endStatus().build()).create();
        }
    }
}
