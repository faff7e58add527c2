package dev.hivemind.target.kubernetes;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Opens a client to the cluster of a kubeconfig context. */
@FunctionalInterface
public interface ClusterAccess {

    /**
     * A client to {@code context}'s cluster (the kubeconfig's current context when empty).
     *
     * @throws InvalidInputException when there is no kubeconfig or no such context
     */
    KubernetesClient open(Optional<String> context);

    /**
     * The user's kubeconfig: the first file {@code KUBECONFIG} names in {@code environment}, else
     * {@code ~/.kube/config}.
     */
    static ClusterAccess kubeconfig(Map<String, String> environment) {
        return context -> {
            Path file = kubeconfigFile(environment);
            Config config;
            try {
                config = Config.fromKubeconfig(context.orElse(null), file.toFile());
            } catch (RuntimeException e) {
                throw new InvalidInputException(Agent.PROVISIONER, "cannot read the kubeconfig " + file + ": "
                        + e.getMessage(), "Opening the cluster", "Fix the file, or point KUBECONFIG at a working "
                        + "one (kubectl config view checks it)", e);
            }
            context.filter(name -> config.getCurrentContext() == null
                    || !name.equals(config.getCurrentContext().getName())).ifPresent(name -> {
                        throw new InvalidInputException(Agent.PROVISIONER, "the kubeconfig " + file + " has no "
                                + "context '" + name + "'", "Opening the cluster", "Pass one of the contexts "
                                + "kubectl config get-contexts lists, or leave --context out for the current one");
                    });
            return new KubernetesClientBuilder().withConfig(config).build();
        };
    }

    private static Path kubeconfigFile(Map<String, String> environment) {
        Optional<String> named = Optional.ofNullable(environment.get("KUBECONFIG")).filter(value -> !value.isBlank())
                .map(value -> value.split(File.pathSeparator)[0]);
        Path file = named.map(Path::of).orElseGet(() -> Path.of(environment.getOrDefault("HOME",
                System.getProperty("user.home")), ".kube", "config"));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException(Agent.PROVISIONER, "no readable kubeconfig at " + file
                    + (named.isPresent() ? " (KUBECONFIG)" : ""), "Opening the cluster", "Set KUBECONFIG to the "
                    + "kubeconfig of the cluster to deploy to (your provider's CLI writes one, e.g. "
                    + "aws eks update-kubeconfig)");
        }
        return file;
    }
}
