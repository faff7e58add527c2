package dev.hivemind.target.kubernetes.image;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link OciImageBuilder} makes an image of.
 *
 * @param artifact    the build stage's artifact directory (read only)
 * @param language    the app's stack, which says what of the artifact is dependencies ({@link LayerPlan})
 * @param entrypoint  the start command as entrypoint and the variables it needs
 * @param port        the port the app listens on, given to it as {@code PORT} and exposed
 * @param base        the base image
 * @param destination where the image is pushed
 * @param labels      the image's labels (OCI {@code org.opencontainers.image.*}: source, revision)
 * @param insecure    whether the registries may be reached over plain HTTP or with an unverified certificate
 * @param environment the process environment, for registry credentials
 * @param cache       where pulled base layers and written layers are kept between builds
 */
public record ImageRequest(Path artifact, String language, Entrypoint entrypoint, int port, BaseImage base,
                           ImageDestination destination, Map<String, String> labels, boolean insecure,
                           Map<String, String> environment, Path cache) {
    public ImageRequest {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(entrypoint, "entrypoint");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(destination, "destination");
        labels = Map.copyOf(labels);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(cache, "cache");
    }
}
