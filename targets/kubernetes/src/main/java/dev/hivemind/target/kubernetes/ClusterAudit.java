package dev.hivemind.target.kubernetes;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harden stage on a cluster: what was applied, read back from the API server and checked (non-root, no
 * privilege escalation, capabilities dropped, seccomp, read-only root filesystem, a NetworkPolicy, no value in a
 * plain {@code env}, TLS on the Ingress); the score is the share of checks that pass.
 */
final class ClusterAudit {
    private ClusterAudit() {
    }

    static SecurityConfig of(KubernetesClient client, String namespace, String app, Optional<String> issuer) {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace)
                .withLabel(AppManifests.MANAGED_BY, "hivemind").withLabel("app.kubernetes.io/name", app).list()
                .getItems();
        List<SecurityCheck> checks = new ArrayList<>();
        for (Deployment deployment : deployments) {
            checks.addAll(pod(deployment.getMetadata().getName(), deployment.getSpec().getTemplate().getSpec()));
        }
        boolean policy = !client.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel("app.kubernetes.io/name", app).list().getItems().isEmpty();
        checks.add(new SecurityCheck("network policy", policy, policy ? "default deny; only the app's port admitted"
                : "no NetworkPolicy selects the app's pods"));
        checks.add(new SecurityCheck("tls", issuer.isPresent(), issuer.map(name -> "Ingress certificate from "
                + "cert-manager issuer " + name).orElse("no TLS on the way in (pass --domain and --tls-issuer)")));
        long passed = checks.stream().filter(SecurityCheck::passed).count();
        int score = checks.isEmpty() ? 0 : (int) Math.round(100.0 * passed / checks.size());
        List<String> recommendations = checks.stream().filter(check -> !check.passed())
                .map(check -> check.name() + ": " + check.detail()).toList();
        return new SecurityConfig(issuer.isPresent(), Optional.empty(), List.<FirewallRule>of(), List.of(), checks,
                score, recommendations);
    }

    private static List<SecurityCheck> pod(String name, PodSpec pod) {
        List<SecurityCheck> checks = new ArrayList<>();
        boolean nonRoot = pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext()
                .getRunAsNonRoot());
        checks.add(new SecurityCheck(name + ": non-root", nonRoot, nonRoot ? "runAsNonRoot"
                : "the pod may run as root"));
        for (Container container : pod.getContainers()) {
            var context = container.getSecurityContext();
            boolean restricted = context != null && Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())
                    && context.getCapabilities() != null && context.getCapabilities().getDrop() != null
                    && context.getCapabilities().getDrop().contains("ALL");
            checks.add(new SecurityCheck(name + ": no privilege", restricted, restricted
                    ? "no privilege escalation, all capabilities dropped" : "privilege escalation or capabilities "
                    + "left to " + container.getName()));
            boolean readOnly = context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem());
            checks.add(new SecurityCheck(name + ": read-only root", readOnly, readOnly ? "read-only root filesystem"
                    : "the root filesystem is writable"));
            long plain = Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
                    .filter(variable -> !List.of("PORT", "HOST", "HOME").contains(variable.getName())
                            && variable.getValue() != null).count();
            checks.add(new SecurityCheck(name + ": no plain env", plain == 0, plain == 0 ? "the environment comes "
                    + "from a Secret" : plain + " variable(s) with values in the Deployment"));
        }
        return checks;
    }
}
