package dev.hivemind.api.remote;

import java.util.Optional;

/**
 * What a deployment to a Kubernetes cluster asks for ({@code --context}, {@code --namespace}, {@code --registry},
 * {@code --domain}, {@code --tls-issuer}, {@code image.registry} in {@code hivemind.yaml}), kept in the deployment's
 * request so that {@code resume} deploys to the same place. Every field but the registry is optional.
 *
 * @param context          the kubeconfig context (else the kubeconfig's current one)
 * @param namespace        the namespace (else the app's name)
 * @param registry         where the image is pushed, {@code HOST[:PORT]/REPO}
 * @param baseImage        the image's base ({@code image.base} in {@code hivemind.yaml}; else the stack's)
 * @param insecureRegistry whether the registry may be plain HTTP or have an untrusted certificate
 * @param domain           the host an Ingress routes to the app
 * @param tlsIssuer        a cert-manager ClusterIssuer for the Ingress's certificate
 * @param databaseStorage  the volume size of a PostgreSQL to run in the cluster ({@code database: {in-cluster: true}}
 *                         in {@code hivemind.yaml}); empty when none was asked for
 */
public record ClusterSettings(Optional<String> context, Optional<String> namespace, Optional<String> registry,
                              Optional<String> baseImage, boolean insecureRegistry, Optional<String> domain,
                              Optional<String> tlsIssuer, Optional<String> databaseStorage) {
    public ClusterSettings {
        context = orEmpty(context);
        namespace = orEmpty(namespace);
        registry = orEmpty(registry);
        baseImage = orEmpty(baseImage);
        domain = orEmpty(domain);
        tlsIssuer = orEmpty(tlsIssuer);
        databaseStorage = orEmpty(databaseStorage);
    }

    /** Nothing asked for: a target that is not a cluster. */
    public static ClusterSettings none() {
        return new ClusterSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<String> orEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value;
    }
}
