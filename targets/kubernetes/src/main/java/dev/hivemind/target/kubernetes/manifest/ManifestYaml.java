package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/** Objects as YAML documents, the way {@code kubectl apply -f} and GitOps tools read them. */
public final class ManifestYaml {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "3000" stays a string (an env value must be one), not the number 3000
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build());

    private ManifestYaml() {
    }

    /** One object as a YAML document, starting with {@code ---}. */
    public static String document(ObjectNode object) {
        try {
            return YAML.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a manifest as YAML", e);
        }
    }

    /** The objects as one stream of YAML documents. */
    public static String documents(List<ObjectNode> objects) {
        StringBuilder yaml = new StringBuilder();
        objects.forEach(object -> yaml.append(document(object)));
        return yaml.toString();
    }
}
