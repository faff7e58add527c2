package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks an object against the Kubernetes API's schema as fabric8's model holds it: fabric8 kubernetes-model 8.0.0
 * is generated from the OpenAPI schema of Kubernetes 1.37.0, one class per schema definition and one field per
 * property. An object passes when its kind is one of the API's, every field it has is one its definition has, each
 * value has the property's type (string, integer, boolean, number, int-or-string, quantity, object, array, map), the
 * properties the API requires are there ({@link #REQUIRED}, from the same schema), the enumerations HiveMind writes
 * hold allowed values, and names and labels have the API server's syntax. The API server's own validation (field
 * ranges, cross-field rules, admission) is not checked.
 */
public final class ManifestSchema {
    /** The properties the Kubernetes 1.37 schema requires, by definition (fabric8's class name). */
    static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("Container", List.of("name")),
            Map.entry("PodSpec", List.of("containers")),
            Map.entry("EnvVar", List.of("name")),
            Map.entry("SecretKeySelector", List.of("key")),
            Map.entry("ContainerPort", List.of("containerPort")),
            Map.entry("ServicePort", List.of("port")),
            Map.entry("DeploymentSpec", List.of("selector", "template")),
            Map.entry("StatefulSetSpec", List.of("selector", "template")),
            Map.entry("JobSpec", List.of("template")),
            Map.entry("LabelSelectorRequirement", List.of("key", "operator")),
            Map.entry("Volume", List.of("name")),
            Map.entry("VolumeMount", List.of("name", "mountPath")),
            Map.entry("PersistentVolumeClaimVolumeSource", List.of("claimName")),
            Map.entry("HTTPGetAction", List.of("port")),
            Map.entry("HTTPIngressPath", List.of("pathType", "backend")),
            Map.entry("HTTPIngressRuleValue", List.of("paths")),
            Map.entry("IngressServiceBackend", List.of("name")),
            Map.entry("SeccompProfile", List.of("type")));
    /** Enumerations of the schema, by definition and property. */
    static final Map<String, Set<String>> ENUMS = Map.of(
            "Container.imagePullPolicy", Set.of("Always", "IfNotPresent", "Never"),
            "ContainerPort.protocol", Set.of("TCP", "UDP", "SCTP"),
            "ServicePort.protocol", Set.of("TCP", "UDP", "SCTP"),
            "NetworkPolicyPort.protocol", Set.of("TCP", "UDP", "SCTP"),
            "PodSpec.restartPolicy", Set.of("Always", "OnFailure", "Never"),
            "SeccompProfile.type", Set.of("RuntimeDefault", "Localhost", "Unconfined"),
            "HTTPIngressPath.pathType", Set.of("Exact", "Prefix", "ImplementationSpecific"),
            "ServiceSpec.type", Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
            "NetworkPolicySpec.policyTypes", Set.of("Ingress", "Egress"),
            "LabelSelectorRequirement.operator", Set.of("In", "NotIn", "Exists", "DoesNotExist"));
    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

    private ManifestSchema() {
    }

    /** What is wrong with {@code object}, each problem with its path; empty when it passes. */
    public static List<String> problems(JsonNode object) {
        List<String> problems = new ArrayList<>();
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        Class<? extends KubernetesResource> type = apiVersion.isEmpty() || kind.isEmpty() ? null
                : KubernetesObjects.serialization().getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null) {
            problems.add("kind " + kind + " of " + apiVersion + " is not in the Kubernetes API");
            return problems;
        }
        String name = object.at("/metadata/name").asText("");
        if (name.isEmpty() || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            problems.add(kind + ".metadata.name: '" + name + "' is not a DNS subdomain (lower-case letters, digits, "
                    + "- and .)");
        }
        check(object, type, kind, problems);
        return problems;
    }

    private static void check(JsonNode node, Type type, String path, List<String> problems) {
        Class<?> raw = raw(type);
        if (raw == Object.class) {
            return;
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!node.isArray()) {
                problems.add(path + ": must be an array, not " + node.getNodeType());
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), argument(type, 0), path + "[" + i + "]", problems);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                problems.add(path + ": must be an object, not " + node.getNodeType());
                return;
            }
            node.properties().forEach(entry -> check(entry.getValue(), argument(type, 1),
                    path + "." + entry.getKey(), problems));
        } else if (!scalar(node, raw, path, problems)) {
            object(node, raw, path, problems);
        }
    }

    /** Checks a scalar's type; false when {@code raw} is not a scalar type but an object's. */
    private static boolean scalar(JsonNode node, Class<?> raw, String path, List<String> problems) {
        String wanted;
        boolean ok;
        if (raw == String.class) {
            wanted = "a string";
            ok = node.isTextual();
        } else if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            wanted = "an integer";
            ok = node.isIntegralNumber();
        } else if (raw == Boolean.class || raw == boolean.class) {
            wanted = "a boolean";
            ok = node.isBoolean();
        } else if (raw == Double.class || raw == Float.class) {
            wanted = "a number";
            ok = node.isNumber();
        } else if (raw == IntOrString.class) {
            wanted = "an integer or a string";
            ok = node.isIntegralNumber() || node.isTextual();
        } else if (raw == Quantity.class) {
            wanted = "a quantity";
            ok = node.isTextual() || node.isNumber();
        } else {
            return false;
        }
        if (!ok) {
            problems.add(path + ": must be " + wanted + ", not " + node);
        }
        return true;
    }

    private static void object(JsonNode node, Class<?> raw, String path, List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": must be an object, not " + node);
            return;
        }
        Map<String, Type> properties = properties(raw);
        node.properties().forEach(entry -> {
            Type property = properties.get(entry.getKey());
            String at = path + "." + entry.getKey();
            if (property == null) {
                problems.add(at + ": unknown field (" + raw.getSimpleName() + " has " + String.join(", ",
                        properties.keySet()) + ")");
                return;
            }
            Set<String> allowed = ENUMS.get(raw.getSimpleName() + "." + entry.getKey());
            if (allowed != null) {
                enumeration(entry.getValue(), allowed, at, problems);
            }
            check(entry.getValue(), property, at, problems);
        });
        REQUIRED.getOrDefault(raw.getSimpleName(), List.of()).stream().filter(required -> !node.has(required))
                .forEach(required -> problems.add(path + "." + required + ": is required"));
        if (raw.getSimpleName().equals("ObjectMeta")) {
            labels(node.path("labels"), path + ".labels", problems);
        }
    }

    private static void enumeration(JsonNode value, Set<String> allowed, String path, List<String> problems) {
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(values::add);
        } else {
            values.add(value);
        }
        values.stream().filter(item -> !allowed.contains(item.asText()))
                .forEach(item -> problems.add(path + ": must be one of " + allowed + ", not " + item));
    }

    private static void labels(JsonNode labels, String path, List<String> problems) {
        labels.properties().forEach(entry -> {
            String key = entry.getKey();
            String name = key.substring(key.indexOf('/') + 1);
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
            if (name.length() > 63 || !LABEL_NAME.matcher(name).matches()
                    || (!prefix.isEmpty() && !SUBDOMAIN.matcher(prefix).matches())) {
                problems.add(path + "." + key + ": not a label key");
            }
            String value = entry.getValue().asText();
            if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                problems.add(path + "." + key + ": '" + value + "' is not a label value (at most 63 letters, "
                        + "digits, -, _ and ., starting and ending with a letter or digit)");
            }
        });
    }

    /** A model class's properties by their JSON name, its superclasses' included. */
    private static Map<String, Type> properties(Class<?> type) {
        return PROPERTIES.computeIfAbsent(type, key -> {
            Map<String, Type> properties = new LinkedHashMap<>();
            for (Class<?> c = key; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    JsonProperty property = field.getAnnotation(JsonProperty.class);
                    if (property != null) {
                        properties.putIfAbsent(property.value().isEmpty() ? field.getName() : property.value(),
                                field.getGenericType());
                    }
                }
            }
            return properties;
        });
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index) {
            return parameterized.getActualTypeArguments()[index];
        }
        return Object.class;
    }
}
