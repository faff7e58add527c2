package dev.hivemind.target.kubernetes.harden;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/** The type of a pod's volume: the one field beside its name ({@code emptyDir}, {@code hostPath}, ...). */
final class VolumeTypes {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private VolumeTypes() {
    }

    /** The volume's types as written: one for a valid volume, any field fabric8 does not know included. */
    static List<String> of(Volume volume) {
        Map<?, ?> fields = SERIALIZATION.convertValue(volume, Map.class);
        return fields.keySet().stream().map(String::valueOf).filter(key -> !key.equals("name")).sorted().toList();
    }
}
