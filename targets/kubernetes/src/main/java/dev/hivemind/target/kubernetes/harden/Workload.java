package dev.hivemind.target.kubernetes.harden;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An object that runs pods, as the checks see it: its kind and name, and its pods' spec and labels.
 *
 * @param kind   the object's kind, e.g. {@code Deployment}
 * @param name   the object's name
 * @param pod    the spec of its pods
 * @param labels the labels of its pods, which NetworkPolicies select
 */
record Workload(String kind, String name, PodSpec pod, Map<String, String> labels) {
    Workload {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The workloads among {@code objects}: Pods and the objects with a pod template. */
    static List<Workload> of(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            template(object).ifPresent(workloads::add);
        }
        return workloads;
    }

    private static Optional<Workload> template(HasMetadata object) {
        PodTemplateSpec template = switch (object) {
            case Deployment deployment when deployment.getSpec() != null -> deployment.getSpec().getTemplate();
            case StatefulSet set when set.getSpec() != null -> set.getSpec().getTemplate();
            case DaemonSet set when set.getSpec() != null -> set.getSpec().getTemplate();
            case ReplicaSet set when set.getSpec() != null -> set.getSpec().getTemplate();
            case ReplicationController controller when controller.getSpec() != null ->
                    controller.getSpec().getTemplate();
            case Job job when job.getSpec() != null -> job.getSpec().getTemplate();
            case CronJob cron when cron.getSpec() != null && cron.getSpec().getJobTemplate() != null
                    && cron.getSpec().getJobTemplate().getSpec() != null ->
                    cron.getSpec().getJobTemplate().getSpec().getTemplate();
            case Pod pod when pod.getSpec() != null -> new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
            default -> null;
        };
        if (template == null || template.getSpec() == null) {
            return Optional.empty();
        }
        Map<String, String> labels = template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels();
        return Optional.of(new Workload(object.getKind(), object.getMetadata().getName(), template.getSpec(),
                labels));
    }

    /** Every container of the pods: init, regular and ephemeral (which run with the pod's rights too). */
    List<Container> containers() {
        Stream<Container> ephemeral = nullSafe(pod.getEphemeralContainers()).stream()
                .map(container -> new ContainerBuilder().withName(container.getName())
                        .withImage(container.getImage()).withEnv(container.getEnv())
                        .withPorts(container.getPorts()).withSecurityContext(container.getSecurityContext()).build());
        return Stream.of(nullSafe(pod.getInitContainers()).stream(), nullSafe(pod.getContainers()).stream(),
                ephemeral).flatMap(s -> s).toList();
    }

    /** How a finding names a container: {@code Deployment shop, container app}. */
    String where(Container container) {
        return kind + " " + name + ", container " + container.getName();
    }

    String where() {
        return kind + " " + name;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
