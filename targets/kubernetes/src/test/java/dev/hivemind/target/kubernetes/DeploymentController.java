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
 * told to do: become ready (the default), never become ready, or fail ({@code ProgressDeadlineExceeded}); every
 * StatefulSet becomes ready, and every Job completes (or fails, when told).
 */
final class DeploymentController {
    enum Behaviour { READY, NEVER_READY, FAIL }

    private final KubernetesClient client;
    private final Map<String, Behaviour> byImage = new ConcurrentHashMap<>();
    private int reconciles;
    /** Jobs whose name contains one of these fail. */
    final java.util.Set<String> failingJobs = ConcurrentHashMap.newKeySet();
    /** The Jobs in the order this controller first ran them. */
    final java.util.List<String> jobsCompleted = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        for (var set : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            int wanted = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
            client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace())
                    .withName(set.getMetadata().getName()).editStatus(found -> {
                        found.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                                .withReplicas(wanted).withReadyReplicas(wanted).withAvailableReplicas(wanted).build());
                        return found;
                    });
        }
        for (var job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
            if (job.getStatus() != null && job.getStatus().getSucceeded() != null) {
                continue;
            }
            boolean fails = failingJobs.stream().anyMatch(job.getMetadata().getName()::contains);
            jobsCompleted.add(job.getMetadata().getName());
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).editStatus(found -> {
                        found.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                                .withSucceeded(fails ? 0 : 1).withFailed(fails ? 1 : 0).build());
                        return found;
                    });
        }
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
