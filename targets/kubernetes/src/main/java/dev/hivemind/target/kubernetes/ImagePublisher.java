package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Progress;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.target.kubernetes.image.BaseImage;
import dev.hivemind.target.kubernetes.image.Entrypoint;
import dev.hivemind.target.kubernetes.image.ImageDestination;
import dev.hivemind.target.kubernetes.image.ImageRequest;
import dev.hivemind.target.kubernetes.image.OciImageBuilder;
import java.util.Map;
import java.util.Optional;

/** Deploy's image step: the release's artifact as an OCI image in the registry, returned by digest. */
@FunctionalInterface
interface ImagePublisher {

    /**
     * Pushes an image of release {@code releaseId} (its artifact and start command) and returns
     * {@code HOST/REPO@sha256:…}; {@code build} is what provision recorded of the stack, port, base and registry.
     */
    String publish(String releaseId, java.nio.file.Path artifact, String startCommand, Map<String, String> build,
                   Progress progress);

    /**
     * {@link OciImageBuilder}, as {@code hivemind image} runs it: the base from {@code image.base} or the stack's, the
     * release id as tag, the registry and stack provision recorded.
     */
    static ImagePublisher jib(Map<String, String> environment, HivemindHome home) {
        return (releaseId, artifact, startCommand, properties, progress) -> {
            String language = properties.getOrDefault(KubernetesTarget.LANGUAGE, "unknown");
            BaseImage base = BaseImage.choose(Optional.ofNullable(properties.get("image_base"))
                    .map(reference -> new BaseImage(reference, "image.base in hivemind.yaml")), language,
                    properties.getOrDefault(KubernetesTarget.RUNTIME, ""));
            OciImageBuilder.check(base);
            int port = Integer.parseInt(properties.getOrDefault(KubernetesTarget.PORT, "8080"));
            ImageDestination destination = ImageDestination.parse(properties.get("registry"), releaseId);
            progress.line("making the image of release " + releaseId + " on " + base.reference() + " ("
                    + base.origin() + ") for " + destination.registry() + "/" + destination.repository());
            return new OciImageBuilder(progress).build(new ImageRequest(artifact, language,
                    Entrypoint.of(startCommand, OciImageBuilder.APP_DIRECTORY), port, base, destination,
                    Map.of("org.opencontainers.image.revision", releaseId),
                    Boolean.parseBoolean(properties.getOrDefault("insecure_registry", "false")), environment,
                    home.cache().resolve("images"))).reference();
        };
    }
}
