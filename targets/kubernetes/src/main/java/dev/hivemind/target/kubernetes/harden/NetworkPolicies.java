package dev.hivemind.target.kubernetes.harden;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;

/** Which NetworkPolicies select a workload's pods, by their {@code podSelector}, as the cluster decides it. */
final class NetworkPolicies {
    private NetworkPolicies() {
    }

    /** Whether a policy that restricts incoming traffic selects the workload's pods. */
    static boolean selecting(List<NetworkPolicy> policies, Workload workload) {
        return policies.stream().filter(NetworkPolicies::restrictsIngress)
                .anyMatch(policy -> matches(policy.getSpec().getPodSelector(), workload.labels()));
    }

    private static boolean restrictsIngress(NetworkPolicy policy) {
        if (policy.getSpec() == null) {
            return false;
        }
        List<String> types = policy.getSpec().getPolicyTypes();
        // without policyTypes, a policy restricts ingress always (and egress when it has egress rules)
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    /** Label selection as Kubernetes does it; an empty selector selects every pod, a missing one none. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        if (!wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())))) {
            return false;
        }
        List<LabelSelectorRequirement> requirements = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        return requirements.stream().allMatch(requirement -> meets(requirement, labels));
    }

    private static boolean meets(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
