package dev.hivemind.target.kubernetes.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Registry credentials the way Docker finds them: {@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json} (its {@code auths}, {@code credsStore} and {@code credHelpers}, so a
 * {@code docker-credential-*} helper on the PATH is run), then the well-known helpers of the big clouds' registries.
 */
final class RegistryCredentials {
    private final Map<String, String> environment;
    private final Consumer<LogEvent> log;

    /**
     * @param environment the process environment ({@code DOCKER_CONFIG}, {@code HOME}, and what a credential
     *                    helper is run with)
     */
    RegistryCredentials(Map<String, String> environment, Consumer<LogEvent> log) {
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** {@code reference} as a jib registry image that asks for credentials where Docker would. */
    RegistryImage image(ImageReference reference) {
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, log, environment);
        RegistryImage image = RegistryImage.named(reference);
        configFile().ifPresent(file -> image.addCredentialRetriever(factory.dockerConfig(file)));
        return image.addCredentialRetriever(factory.wellKnownCredentialHelpers());
    }

    /** The Docker client's configuration file this environment names. */
    Optional<Path> configFile() {
        return Optional.ofNullable(environment.get("DOCKER_CONFIG")).map(dir -> Path.of(dir, "config.json"))
                .or(() -> Optional.ofNullable(environment.get("HOME"))
                        .map(home -> Path.of(home, ".docker", "config.json")));
    }
}
