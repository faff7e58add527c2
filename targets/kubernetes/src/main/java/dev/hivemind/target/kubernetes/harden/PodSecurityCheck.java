package dev.hivemind.target.kubernetes.harden;

import dev.hivemind.api.SecretMask;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.hardening.KubernetesRubric;
import dev.hivemind.target.hardening.ScoredCheck;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The hardening score of an app's objects on a Kubernetes cluster ({@link KubernetesRubric}): each of its pods
 * against the Pod Security Standards' restricted profile (Kubernetes 1.30 and later), a NetworkPolicy that selects
 * each of them, images that run as non-root, and no secret in a plain environment value. A check fails with the
 * objects and containers that fail it named; see docs/targets/kubernetes.md for the rubric.
 */
public final class PodSecurityCheck {
    /** The volume types the restricted profile allows. */
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

    private PodSecurityCheck() {
    }

    /** The score of {@code objects}, whose images' users are known only from the pods' security contexts. */
    public static HardeningScore score(List<HasMetadata> objects) {
        return score(objects, Map.of());
    }

    /**
     * The score of {@code objects}.
     *
     * @param imageUsers the user each image runs as when its pods do not say ({@code 65532}, {@code root},
     *                   {@code postgres:postgres}), by image reference, as far as it is known (HiveMind's own
     *                   images run as {@link dev.hivemind.target.kubernetes.image.OciImageBuilder#USER})
     */
    public static HardeningScore score(List<HasMetadata> objects, Map<String, String> imageUsers) {
        List<Workload> workloads = Workload.of(objects);
        List<NetworkPolicy> policies = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        return new HardeningScore(List.of(
                perContainer(KubernetesRubric.RUN_AS_NON_ROOT, workloads, PodSecurityCheck::rootProblem,
                        "set securityContext.runAsNonRoot: true (and a runAsUser other than 0) on the pod"),
                perContainer(KubernetesRubric.NOT_PRIVILEGED, workloads,
                        (workload, container) -> Boolean.TRUE.equals(security(container).getPrivileged())
                                ? Optional.of("privileged: true") : Optional.empty(),
                        "remove privileged: true; grant the one capability the container needs instead"),
                perContainer(KubernetesRubric.NO_PRIVILEGE_ESCALATION, workloads,
                        (workload, container) -> Boolean.FALSE.equals(security(container)
                                .getAllowPrivilegeEscalation()) ? Optional.empty()
                                : Optional.of("allowPrivilegeEscalation is not false"),
                        "set securityContext.allowPrivilegeEscalation: false on every container"),
                perContainer(KubernetesRubric.CAPABILITIES_DROPPED, workloads, PodSecurityCheck::capabilityProblem,
                        "drop ALL capabilities and add back at most NET_BIND_SERVICE"),
                perContainer(KubernetesRubric.SECCOMP_PROFILE, workloads, PodSecurityCheck::seccompProblem,
                        "set securityContext.seccompProfile.type: RuntimeDefault on the pod"),
                perPod(KubernetesRubric.NO_HOST_NAMESPACES, workloads, PodSecurityCheck::hostProblems,
                        "remove hostNetwork, hostPID, hostIPC and hostPort: reach the pods through a Service"),
                perPod(KubernetesRubric.VOLUME_TYPES, workloads, PodSecurityCheck::volumeProblems,
                        "replace hostPath and other node volumes with persistentVolumeClaim, emptyDir, configMap or "
                                + "secret volumes"),
                perPod(KubernetesRubric.NETWORK_POLICY, workloads, workload -> NetworkPolicies.selecting(policies,
                        workload) ? List.of() : List.of("no NetworkPolicy selects its pods"),
                        "add a NetworkPolicy that selects the pods and admits only the app's port"),
                perContainer(KubernetesRubric.IMAGE_USER_NON_ROOT, workloads,
                        (workload, container) -> imageUserProblem(workload, container, imageUsers),
                        "run the image as a non-root user: a numeric USER in the image, or runAsUser on the pod"),
                perContainer(KubernetesRubric.NO_SECRETS_IN_PLAIN_ENV, workloads, PodSecurityCheck::plainSecrets,
                        "move each secret value into a Secret and refer to it with valueFrom.secretKeyRef")));
    }

    private interface ContainerCheck {
        Optional<String> problem(Workload workload, Container container);
    }

    private static ScoredCheck perContainer(KubernetesRubric item, List<Workload> workloads, ContainerCheck check,
            String recommendation) {
        return perPod(item, workloads, workload -> workload.containers().stream()
                .flatMap(container -> check.problem(workload, container)
                        .map(problem -> "container " + container.getName() + ": " + problem).stream()).toList(),
                recommendation);
    }

    private static ScoredCheck perPod(KubernetesRubric item, List<Workload> workloads,
            Function<Workload, List<String>> check, String recommendation) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : workloads) {
            check.apply(workload).forEach(problem -> problems.add(workload.where() + ", " + problem));
        }
        if (workloads.isEmpty()) {
            return item.check(true, "no pods to check", recommendation);
        }
        if (problems.isEmpty()) {
            return item.check(true, "all " + workloads.size() + " workload(s) pass", recommendation);
        }
        return item.check(false, String.join("; ", problems), recommendation);
    }

    private static SecurityContext security(Container container) {
        return container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
    }

    private static PodSecurityContext security(Workload workload) {
        return workload.pod().getSecurityContext() == null ? new PodSecurityContext()
                : workload.pod().getSecurityContext();
    }

    /** The container's user: its own runAsUser, else the pod's. */
    private static Optional<Long> user(Workload workload, Container container) {
        return Optional.ofNullable(security(container).getRunAsUser())
                .or(() -> Optional.ofNullable(security(workload).getRunAsUser()));
    }

    private static Optional<String> rootProblem(Workload workload, Container container) {
        if (user(workload, container).filter(user -> user == 0).isPresent()) {
            return Optional.of("runAsUser is 0 (root)");
        }
        Boolean nonRoot = Optional.ofNullable(security(container).getRunAsNonRoot())
                .orElse(security(workload).getRunAsNonRoot());
        return Boolean.TRUE.equals(nonRoot) ? Optional.empty() : Optional.of("runAsNonRoot is not true");
    }

    private static Optional<String> capabilityProblem(Workload workload, Container container) {
        Capabilities capabilities = security(container).getCapabilities();
        if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
            return Optional.of("does not drop ALL capabilities");
        }
        List<String> added = capabilities.getAdd() == null ? List.of() : capabilities.getAdd().stream()
                .filter(capability -> !capability.equals("NET_BIND_SERVICE")).toList();
        return added.isEmpty() ? Optional.empty() : Optional.of("adds " + String.join(", ", added));
    }

    private static Optional<String> seccompProblem(Workload workload, Container container) {
        SeccompProfile profile = Optional.ofNullable(security(container).getSeccompProfile())
                .orElse(security(workload).getSeccompProfile());
        if (profile == null || profile.getType() == null) {
            return Optional.of("no seccomp profile");
        }
        return SECCOMP_TYPES.contains(profile.getType()) ? Optional.empty()
                : Optional.of("seccomp profile " + profile.getType());
    }

    private static List<String> hostProblems(Workload workload) {
        List<String> problems = new ArrayList<>();
        if (Boolean.TRUE.equals(workload.pod().getHostNetwork())) {
            problems.add("hostNetwork: true");
        }
        if (Boolean.TRUE.equals(workload.pod().getHostPID())) {
            problems.add("hostPID: true");
        }
        if (Boolean.TRUE.equals(workload.pod().getHostIPC())) {
            problems.add("hostIPC: true");
        }
        for (Container container : workload.containers()) {
            for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() != 0) {
                    problems.add("container " + container.getName() + ": hostPort " + port.getHostPort());
                }
            }
        }
        return problems;
    }

    private static List<String> volumeProblems(Workload workload) {
        List<String> problems = new ArrayList<>();
        for (Volume volume : workload.pod().getVolumes() == null ? List.<Volume>of() : workload.pod().getVolumes()) {
            VolumeTypes.of(volume).stream().filter(type -> !ALLOWED_VOLUMES.contains(type))
                    .forEach(type -> problems.add("volume " + volume.getName() + " is " + type));
        }
        return problems;
    }

    private static Optional<String> imageUserProblem(Workload workload, Container container,
            Map<String, String> imageUsers) {
        Optional<Long> user = user(workload, container);
        if (user.isPresent()) {
            return user.get() == 0 ? Optional.of("runs as user 0") : Optional.empty();
        }
        String imageUser = imageUsers.get(container.getImage());
        if (imageUser == null) {
            return Optional.of("the user of image " + container.getImage() + " is not known and no runAsUser is set");
        }
        String name = imageUser.split(":", 2)[0];
        return name.isEmpty() || name.equals("root") || name.equals("0")
                ? Optional.of("image " + container.getImage() + " runs as " + (name.isEmpty() ? "root" : name))
                : Optional.empty();
    }

    /** Environment values given in plain text that {@link SecretMask} takes for secrets (their values not shown). */
    private static Optional<String> plainSecrets(Workload workload, Container container) {
        List<String> names = new ArrayList<>();
        for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value = variable.getValue();
            if (value != null && !SecretMask.of(Map.of(variable.getName(), value)).apply(value).equals(value)) {
                names.add(variable.getName());
            }
        }
        return names.isEmpty() ? Optional.empty()
                : Optional.of("secret value in plain env " + String.join(", ", names));
    }
}
