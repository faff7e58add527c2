package dev.hivemind.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What provision created, per target.
 *
 * @param target     the target's name
 * @param properties target-specific facts (public port, bind address, agent socket, ...)
 * @param resources  every resource created, so destroy can remove them
 */
public record Infrastructure(String target, Map<String, String> properties, List<Resource> resources) {
    /**
     * The property naming the PEM certificate the public endpoint serves HTTPS with, when a client must trust it
     * explicitly (a self-signed one); the validate stage's probes trust exactly that certificate.
     */
    public static final String TLS_CERTIFICATE = "tls_certificate";

    /**
     * The property naming the release that served the app when provision ran; absent on a first deployment, which
     * has nothing to roll back to.
     */
    public static final String SERVING_RELEASE = "serving_release";

    public Infrastructure {
        Objects.requireNonNull(target, "target");
        properties = Map.copyOf(properties);
        resources = List.copyOf(resources);
    }
}
