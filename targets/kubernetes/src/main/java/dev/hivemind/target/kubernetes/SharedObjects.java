package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.Progress;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * The objects every rollout of the app shares, applied before it: the Namespace (only when it is not there or is
 * the one HiveMind made for this app: a namespace of the user's is left as it is), ServiceAccount, the Secret of the
 * release's environment, PodDisruptionBudget, NetworkPolicy and Ingress.
 */
final class SharedObjects {
    private final KubernetesClient client;
    private final ObjectApplier applier;
    private final Progress progress;

    SharedObjects(KubernetesClient client, ObjectApplier applier, Progress progress) {
        this.client = client;
        this.applier = applier;
        this.progress = progress;
    }

    void apply(ManifestSettings settings, Optional<Map.Entry<String, Map<String, String>>> secret) {
        for (ObjectNode object : AppManifests.shared(settings)) {
            if (object.get("kind").asText().equals("Namespace") && !ours(settings)) {
                progress.line("namespace " + settings.namespace() + " exists and is not HiveMind's for "
                        + settings.app() + ": left as it is");
                continue;
            }
            applier.apply(object);
            if (object.get("kind").asText().equals("ServiceAccount")) {
                secret.ifPresent(entry -> applier.apply(AppManifests.secret(settings, entry.getKey(),
                        entry.getValue())));
            }
        }
    }

    private boolean ours(ManifestSettings settings) {
        Namespace found = client.namespaces().withName(settings.namespace()).get();
        if (found == null) {
            return true;
        }
        Map<String, String> labels = Optional.ofNullable(found.getMetadata().getLabels()).orElse(Map.of());
        return "hivemind".equals(labels.get(AppManifests.MANAGED_BY))
                && settings.app().equals(labels.get("app.kubernetes.io/name"));
    }
}
