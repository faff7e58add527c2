package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Pod Security Standards' restricted profile as security contexts: a pod that runs as a given non-root user
 * with seccomp {@code RuntimeDefault}, and containers with no privilege escalation, every capability dropped and a
 * read-only root filesystem (what they write goes to volumes).
 */
final class Restricted {
    private Restricted() {
    }

    static ObjectNode pod(ObjectNode podSpec, int user) {
        ObjectNode security = podSpec.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", user)
                .put("runAsGroup", user).put("fsGroup", user);
        security.putObject("seccompProfile").put("type", "RuntimeDefault");
        return podSpec;
    }

    static ObjectNode container(ObjectNode container) {
        ObjectNode security = container.putObject("securityContext").put("allowPrivilegeEscalation", false)
                .put("readOnlyRootFilesystem", true).put("runAsNonRoot", true).put("privileged", false);
        security.putObject("capabilities").putArray("drop").add("ALL");
        security.putObject("seccompProfile").put("type", "RuntimeDefault");
        return container;
    }
}
