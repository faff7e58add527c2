package dev.hivemind.target.kubernetes;

import dev.hivemind.api.remote.HostStatus;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.Workload;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The app's pods (readiness, restarts, release), a canary's traffic split, its recent events, its pods' logs. */
final class ClusterStatus {
    private static final int EVENTS = 10;

    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    ClusterStatus(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel(AppManifests.MANAGED_BY, "hivemind")
                .withLabel("app.kubernetes.io/name", app).list().getItems().stream()
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName())).toList();
    }

    /** One row per pod: ready or why not, its restarts and release. */
    List<HostStatus> rows() {
        return pods().stream().map(ClusterStatus::row).toList();
    }

    private static HostStatus row(Pod pod) {
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus()
                .getConditions().stream().anyMatch(condition -> "Ready".equals(condition.getType())
                        && "True".equals(condition.getStatus()));
        int restarts = containers(pod).stream().mapToInt(status -> Objects.requireNonNullElse(
                status.getRestartCount(), 0)).sum();
        Optional<String> release = Optional.ofNullable(pod.getMetadata().getLabels())
                .map(labels -> labels.get(Workload.RELEASE));
        String name = "pod " + pod.getMetadata().getName() + " (" + restarts + " restart" + (restarts == 1 ? "" : "s")
                + ")";
        return new HostStatus(name, release, ready ? 1 : 0, 1, 0, 0, ready ? Optional.empty()
                : Optional.of("not ready: " + why(pod)));
    }

    private static List<ContainerStatus> containers(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static String why(Pod pod) {
        for (ContainerStatus status : containers(pod)) {
            if (status.getState() != null && status.getState().getWaiting() != null) {
                return status.getState().getWaiting().getReason();
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("False".equals(condition.getStatus()) && condition.getReason() != null) {
                    return condition.getType() + " " + condition.getReason();
                }
            }
        }
        return pod.getStatus() == null ? "no status yet" : Objects.requireNonNullElse(pod.getStatus().getPhase(),
                "unknown phase");
    }

    /**
     * While a canary is in progress (the Deployment {@code APP-canary} has pods), how the traffic is split: the
     * HTTPRoute's weights when there is one, else the ratio of ready canary to stable pods behind the Service.
     */
    Optional<String> trafficSplit() {
        String stable = app + "-" + CanaryRollout.STABLE;
        String canary = app + "-" + CanaryRollout.CANARY;
        Deployment canaryDeployment = client.apps().deployments().inNamespace(namespace).withName(canary).get();
        if (canaryDeployment == null || Objects.requireNonNullElse(canaryDeployment.getSpec().getReplicas(), 1) == 0) {
            return Optional.empty();
        }
        String release = Objects.requireNonNullElse(canaryDeployment.getSpec().getTemplate().getMetadata().getLabels()
                .get(Workload.RELEASE), "?");
        HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(namespace).withName(app).get();
        if (route != null && route.getSpec() != null && route.getSpec().getRules() != null) {
            List<String> weights = route.getSpec().getRules().stream().flatMap(rule -> rule.getBackendRefs()
                    .stream()).map(backend -> backend.getName() + " " + Objects.requireNonNullElse(backend.getWeight(),
                    1) + " %").toList();
            return Optional.of("traffic: canary of release " + release + " in progress, HTTPRoute " + app
                    + " weights " + String.join(", ", weights));
        }
        int canaryPods = ready(canaryDeployment);
        int stablePods = Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(stable).get())
                .map(ClusterStatus::ready).orElse(0);
        long share = canaryPods + stablePods == 0 ? 0 : Math.round(100.0 * canaryPods / (canaryPods + stablePods));
        return Optional.of("traffic: canary of release " + release + " in progress, " + canaryPods + " ready "
                + canary + " pod(s) beside " + stablePods + " " + stable + " behind Service " + app + ": about "
                + share + " % to the canary (pod ratio)");
    }

    private static int ready(Deployment deployment) {
        return deployment.getStatus() == null ? 0 : Objects.requireNonNullElse(deployment.getStatus()
                .getReadyReplicas(), 0);
    }

    /** The namespace's latest events about the app's objects, newest last. */
    List<String> events() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(event -> event.getInvolvedObject() != null && event.getInvolvedObject().getName() != null
                        && event.getInvolvedObject().getName().startsWith(app))
                .sorted(Comparator.comparing(ClusterStatus::when)).map(ClusterStatus::line).toList()
                .reversed().stream().limit(EVENTS).toList().reversed();
    }

    private static String when(Event event) {
        return Objects.requireNonNullElse(event.getLastTimestamp(), Objects.requireNonNullElse(
                event.getEventTime() == null ? null : event.getEventTime().getTime(), ""));
    }

    private static String line(Event event) {
        return when(event) + " " + event.getType() + " " + event.getReason() + " "
                + event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName() + ": "
                + event.getMessage();
    }

    /**
     * Prints the log of each of the app's pods (or only {@code pod}) to {@code out}, each line prefixed with the pod's
     * name; follows one pod's log until it ends when {@code follow}.
     */
    void logs(Optional<String> pod, boolean follow, PrintStream out) {
        List<String> names = pod.map(List::of).orElseGet(() -> pods().stream().map(found -> found.getMetadata()
                .getName()).toList());
        if (names.isEmpty()) {
            out.println("no pods of " + app + " in namespace " + namespace);
            return;
        }
        if (follow) {
            try (LogWatch watch = client.pods().inNamespace(namespace).withName(names.getFirst()).watchLog(out)) {
                waitForEnd(watch);
            }
            return;
        }
        for (String name : names) {
            String log = client.pods().inNamespace(namespace).withName(name).getLog();
            log.lines().forEach(line -> out.println(name + " | " + line));
        }
    }

    private static void waitForEnd(LogWatch watch) {
        try {
            watch.onClose().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the pod's log stream broke: " + e.getCause().getMessage(), e);
        }
    }
}
