package dev.hivemind.target.kubernetes;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.Optional;

/** Whether a canary's traffic can be weighted by a Gateway API HTTPRoute: the CRD and a Gateway in the namespace. */
final class Gateways {
    static final String HTTP_ROUTES = "httproutes.gateway.networking.k8s.io";

    private Gateways() {
    }

    /** The first Gateway (by name) of {@code namespace}, when the cluster has HTTPRoutes. */
    static Optional<String> find(KubernetesClient client, String namespace) {
        try {
            if (client.apiextensions().v1().customResourceDefinitions().withName(HTTP_ROUTES).get() == null) {
                return Optional.empty();
            }
            return client.resources(Gateway.class).inNamespace(namespace).list().getItems().stream()
                    .map(gateway -> gateway.getMetadata().getName()).min(Comparator.naturalOrder());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 403) {
                return Optional.empty(); // no Gateway API, or not allowed to read CRDs: weights by replica ratio
            }
            throw e;
        }
    }
}
