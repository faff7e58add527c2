package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.target.kubernetes.manifest.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Runs an earlier release again from its image by digest, without rebuilding: the serving Deployment of a rolling or
 * canary app is updated to it; a blue-green app gets it in the idle colour, and the Service is switched once all its
 * pods are ready.
 */
final class ClusterRollback {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final ObjectApplier applier;
    private final RolloutWait wait;
    private final Progress progress;

    ClusterRollback(KubernetesClient client, ObjectApplier applier, RolloutWait wait, Progress progress) {
        this.client = client;
        this.applier = applier;
        this.wait = wait;
        this.progress = progress;
    }

    void run(ClusterLedger ledger, Strategy strategy, ReleaseImage target) {
        String namespace = ledger.namespace();
        String app = ledger.app();
        progress.line("rolling " + app + " back to release " + target.releaseId() + " (" + target.image() + ")");
        try {
            switch (strategy) {
                case BLUE_GREEN -> blueGreen(namespace, app, target);
                case CANARY -> inPlace(namespace, app + "-" + CanaryRollout.STABLE, target);
                case ROLLING, RECREATE -> inPlace(namespace, app, target);
            }
        } catch (RolloutWait.RolloutFailure failure) {
            throw new DeploymentException(Agent.DEPLOYER, failure.getMessage(), "Rolling " + app + " back to "
                    + target.releaseId(), "See hivemind status " + app + "; the image " + target.image()
                    + " may no longer be in the registry", failure);
        }
    }

    private void inPlace(String namespace, String name, ReleaseImage target) {
        Deployment found = existing(namespace, name);
        client.resource(retarget(found, target)).update();
        wait.rolledOut(namespace, name, TIMEOUT, progress);
    }

    private void blueGreen(String namespace, String app, ReleaseImage target) {
        Rollouts rollouts = new Rollouts(client, applier, wait, progress);
        String active = rollouts.activeColour(namespace, app).orElseThrow(() -> missing(namespace, app));
        String idle = active.equals(Rollouts.BLUE) ? Rollouts.GREEN : Rollouts.BLUE;
        Deployment serving = existing(namespace, app + "-" + active);
        Deployment standby = client.apps().deployments().inNamespace(namespace).withName(app + "-" + idle).get();
        Deployment next = retarget(standby != null ? standby : renamed(serving, app + "-" + idle, idle), target);
        next.getSpec().setReplicas(serving.getSpec().getReplicas());
        if (standby != null) {
            client.resource(next).update();
        } else {
            client.resource(next).create();
        }
        wait.rolledOut(namespace, app + "-" + idle, TIMEOUT, progress);
        client.services().inNamespace(namespace).withName(app).edit(service -> {
            service.getSpec().getSelector().put(Workload.TRACK, idle);
            return service;
        });
        progress.line("Service " + app + " now selects the " + idle + " pods (release " + target.releaseId() + ")");
    }

    private Deployment existing(String namespace, String name) {
        Deployment found = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (found == null) {
            throw missing(namespace, name);
        }
        return found;
    }

    private static DeploymentException missing(String namespace, String name) {
        return new DeploymentException(Agent.DEPLOYER, "Deployment or Service " + namespace + "/" + name
                + " is not on the cluster", "Rolling back", "Deploy the app again: hivemind deploy SOURCE --target "
                + "kubernetes");
    }

    /** A copy of {@code serving} as Deployment {@code name} of {@code track}, without server-set fields. */
    private static Deployment renamed(Deployment serving, String name, String track) {
        Deployment copy = Serialization.clone(serving);
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(name);
        metadata.setNamespace(serving.getMetadata().getNamespace());
        metadata.setLabels(new HashMap<>(serving.getMetadata().getLabels()));
        metadata.setAnnotations(new HashMap<>(Optional.ofNullable(serving.getMetadata().getAnnotations())
                .orElse(java.util.Map.of())));
        copy.setMetadata(metadata);
        copy.setStatus(null);
        copy.getSpec().getSelector().getMatchLabels().put(Workload.TRACK, track);
        copy.getSpec().getTemplate().getMetadata().getLabels().put(Workload.TRACK, track);
        return copy;
    }

    /** {@code deployment} running {@code target}: its image, release labels and environment Secret. */
    static Deployment retarget(Deployment deployment, ReleaseImage target) {
        Deployment next = Serialization.clone(deployment);
        next.getMetadata().setResourceVersion(null);
        next.getMetadata().setManagedFields(null);
        Optional.ofNullable(next.getMetadata().getAnnotations()).ifPresent(annotations -> annotations.put(
                Workload.RELEASE, target.releaseId()));
        next.getSpec().getTemplate().getMetadata().getLabels().put(Workload.RELEASE, target.releaseId());
        Container container = next.getSpec().getTemplate().getSpec().getContainers().getFirst();
        container.setImage(target.image());
        List<io.fabric8.kubernetes.api.model.EnvFromSource> sources = new ArrayList<>();
        target.secret().ifPresent(name -> sources.add(new EnvFromSourceBuilder().withNewSecretRef().withName(name)
                .endSecretRef().build()));
        container.setEnvFrom(sources);
        return next;
    }
}
