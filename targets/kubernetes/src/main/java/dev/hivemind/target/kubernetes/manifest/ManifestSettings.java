package dev.hivemind.target.kubernetes.manifest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an app's objects are made from.
 *
 * @param app            the app's name (a DNS label), the objects' name and {@code app.kubernetes.io/name}
 * @param namespace      where the objects go
 * @param image          the image, by digest ({@code HOST/REPO@sha256:…}) so a rollout runs exactly what was built
 * @param port           the port the app listens on ({@code PORT})
 * @param healthPath     the path the probes request
 * @param probeInterval  time between probes
 * @param probeTimeout   how long one probe may take
 * @param threshold      consecutive passing probes that make a pod ready
 * @param startupDeadline how long a pod may take to start
 * @param replicas       pods of the Deployment
 * @param domain         the host an Ingress routes to the app, when given
 * @param tlsIssuer      a cert-manager ClusterIssuer that makes the Ingress's certificate, when given
 */
public record ManifestSettings(String app, String namespace, String image, int port, String healthPath,
                               Duration probeInterval, Duration probeTimeout, int threshold, Duration startupDeadline,
                               int replicas, Optional<String> domain, Optional<String> tlsIssuer) {
    public ManifestSettings {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(healthPath, "healthPath");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(startupDeadline, "startupDeadline");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(tlsIssuer, "tlsIssuer");
        if (replicas < 1 || threshold < 1 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("replicas, threshold and port must be positive: " + replicas + ", "
                    + threshold + ", " + port);
        }
    }
}
