package dev.hivemind.target.hardening;

/**
 * The checks of an app's hardening score on a Kubernetes cluster and their weights, which add up to 100
 * (docs/targets/kubernetes.md): the Pod Security Standards' restricted profile on every pod HiveMind applies, a
 * NetworkPolicy for the app, images that run as non-root, and no secret in a plain environment value.
 */
public enum KubernetesRubric implements RubricItem {
    RUN_AS_NON_ROOT("run-as-non-root", 15),
    NOT_PRIVILEGED("not-privileged", 10),
    NO_PRIVILEGE_ESCALATION("no-privilege-escalation", 10),
    CAPABILITIES_DROPPED("capabilities-dropped", 10),
    SECCOMP_PROFILE("seccomp-profile", 10),
    NO_HOST_NAMESPACES("no-host-namespaces", 10),
    VOLUME_TYPES("volume-types", 10),
    NETWORK_POLICY("network-policy", 10),
    IMAGE_USER_NON_ROOT("image-user-non-root", 5),
    NO_SECRETS_IN_PLAIN_ENV("no-secrets-in-plain-env", 10);

    private final String checkName;
    private final int weight;

    KubernetesRubric(String checkName, int weight) {
        this.checkName = checkName;
        this.weight = weight;
    }

    @Override
    public String checkName() {
        return checkName;
    }

    @Override
    public int weight() {
        return weight;
    }
}
