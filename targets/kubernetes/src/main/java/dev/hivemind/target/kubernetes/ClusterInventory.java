package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Progress;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.DatabaseManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything HiveMind labelled for an app in a namespace ({@code app.kubernetes.io/managed-by=hivemind} and
 * {@code app.kubernetes.io/name=APP}, or {@code app.kubernetes.io/part-of=APP} for its database), kind by kind:
 * what {@code destroy} deletes and then checks is gone. The
 * Namespace itself goes only when HiveMind made it for this app (it carries both labels).
 */
final class ClusterInventory {
    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    ClusterInventory(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    /** The kinds HiveMind makes in a namespace, each listed by the app's labels. */
    private List<Supplier<List<? extends HasMetadata>>> kinds() {
        return List.of(
                () -> labelled(client.apps().deployments().inNamespace(namespace)),
                () -> labelled(client.apps().statefulSets().inNamespace(namespace)),
                () -> labelled(client.batch().v1().jobs().inNamespace(namespace)),
                () -> labelled(client.apps().replicaSets().inNamespace(namespace)),
                () -> labelled(client.pods().inNamespace(namespace)),
                () -> labelled(client.services().inNamespace(namespace)),
                () -> labelled(client.network().v1().ingresses().inNamespace(namespace)),
                () -> labelled(client.network().v1().networkPolicies().inNamespace(namespace)),
                () -> labelled(client.policy().v1().podDisruptionBudget().inNamespace(namespace)),
                () -> labelled(client.secrets().inNamespace(namespace)),
                () -> labelled(client.configMaps().inNamespace(namespace)),
                () -> labelled(client.persistentVolumeClaims().inNamespace(namespace)),
                () -> labelled(client.serviceAccounts().inNamespace(namespace)));
    }

    /** The app's own objects ({@code app.kubernetes.io/name}) and its database's ({@code part-of}). */
    private <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> labelled(
            FilterWatchListDeletable<T, L, ?> kind) {
        java.util.Map<String, T> found = new java.util.LinkedHashMap<>();
        for (String label : List.of("app.kubernetes.io/name", DatabaseManifests.PART_OF)) {
            kind.withLabel(AppManifests.MANAGED_BY, "hivemind").withLabel(label, app).list().getItems()
                    .forEach(item -> found.putIfAbsent(item.getMetadata().getName(), item));
        }
        return List.copyOf(found.values());
    }

    /** Every labelled object of the app that is still there, the Namespace last. */
    List<HasMetadata> remaining() {
        List<HasMetadata> found = new ArrayList<>();
        for (var kind : kinds()) {
            found.addAll(kind.get());
        }
        found.addAll(routes());
        Namespace own = ownNamespace();
        if (own != null) {
            found.add(own);
        }
        return found;
    }

    private List<HTTPRoute> routes() {
        try {
            return client.resources(HTTPRoute.class).inNamespace(namespace).withLabel(AppManifests.MANAGED_BY,
                    "hivemind").withLabel("app.kubernetes.io/name", app).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of(); // the cluster has no Gateway API
            }
            throw e;
        }
    }

    private Namespace ownNamespace() {
        Namespace found = client.namespaces().withName(namespace).get();
        if (found == null || found.getMetadata().getLabels() == null) {
            return null;
        }
        boolean ours = "hivemind".equals(found.getMetadata().getLabels().get(AppManifests.MANAGED_BY))
                && app.equals(found.getMetadata().getLabels().get("app.kubernetes.io/name"));
        return ours ? found : null;
    }

    /** Deletes every labelled object (the Namespace last) and returns how many deletions were asked for. */
    int deleteAll(Progress progress) {
        List<HasMetadata> objects = remaining();
        for (HasMetadata object : objects) {
            client.resource(object).withGracePeriod(30).delete();
            progress.line("deleted " + ObjectApplier.describe(object));
        }
        return objects.size();
    }

    /**
     * Waits up to {@code patience} for the deleted objects to be gone (pods end, finalizers run) and returns what is
     * left, each described with why it may stay.
     */
    List<String> leftovers(Duration patience, Clock clock, RolloutWait.Pause pause) {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            List<HasMetadata> left = remaining();
            if (left.isEmpty() || !clock.instant().isBefore(deadline)) {
                return left.stream().map(ClusterInventory::leftover).toList();
            }
            try {
                pause.sleep(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left.stream().map(ClusterInventory::leftover).toList();
            }
        }
    }

    private static String leftover(HasMetadata object) {
        List<String> finalizers = object.getMetadata().getFinalizers();
        String held = finalizers == null || finalizers.isEmpty() ? ""
                : " (held by finalizer " + String.join(", ", finalizers) + ")";
        return ObjectApplier.describe(object) + held;
    }
}
