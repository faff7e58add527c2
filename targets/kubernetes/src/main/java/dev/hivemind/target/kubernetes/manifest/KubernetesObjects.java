package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * HiveMind's objects (JSON trees, as {@link AppManifests} and {@link DatabaseManifests} make them) as fabric8's typed
 * model: a {@code Deployment} becomes a {@link io.fabric8.kubernetes.api.model.apps.Deployment}, a kind fabric8 does
 * not know a {@link io.fabric8.kubernetes.api.model.GenericKubernetesResource}.
 */
public final class KubernetesObjects {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesObjects() {
    }

    public static HasMetadata typed(ObjectNode object) {
        return SERIALIZATION.unmarshal(object.toString(), HasMetadata.class);
    }

    public static List<HasMetadata> typed(List<ObjectNode> objects) {
        return objects.stream().map(KubernetesObjects::typed).toList();
    }

    /** fabric8's serialization, which reads and writes the typed objects. */
    static KubernetesSerialization serialization() {
        return SERIALIZATION;
    }
}
