package dev.hivemind.target.kubernetes.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.NetworkException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** jib-core's failures said once, as HiveMind's errors with what to do. */
final class RegistryErrors {

    private RegistryErrors() {
    }

    static HiveMindException pull(ImageRequest request, ImageReference base, Exception cause) {
        return translate(cause, base.getRegistry(), "Pulling the base image " + base + " ("
                + request.base().origin() + ")", request);
    }

    static HiveMindException push(ImageRequest request, Exception cause) {
        return translate(cause, request.destination().registry(), "Pushing the image to "
                + request.destination().reference(), request);
    }

    static HiveMindException io(ImageRequest request, IOException cause) {
        return new InfrastructureException(Agent.COMPILER, "writing the image's layers failed: " + cause,
                "Building the image of " + request.artifact() + " in " + request.cache(),
                "Check that " + request.cache() + " is writable and the disk has room", cause);
    }

    static HiveMindException interrupted(ImageRequest request, InterruptedException cause) {
        return new InfrastructureException(Agent.COMPILER, "interrupted", "Building the image "
                + request.destination().reference(), "Run the command again", cause);
    }

    private static HiveMindException translate(Throwable cause, String registry, String context,
                                               ImageRequest request) {
        Throwable root = root(cause);
        if (find(cause, InsecureRegistryException.class)) {
            return new InfrastructureException(Agent.COMPILER, "the registry " + registry + " does not answer "
                    + "over HTTPS with a certificate this machine trusts", context, "Pass --insecure-registry "
                    + "for a registry served over plain HTTP or with a self-signed certificate", cause);
        }
        if (find(cause, RegistryCredentialsNotSentException.class)) {
            return new InfrastructureException(Agent.COMPILER, "the registry " + registry + " asks for "
                    + "credentials over plain HTTP, and HiveMind does not send them unencrypted", context,
                    "Serve the registry over HTTPS (with a self-signed certificate, pass --insecure-registry)",
                    cause);
        }
        if (find(cause, RegistryUnauthorizedException.class)) {
            String file = new RegistryCredentials(request.environment(), event -> { }).configFile()
                    .map(Object::toString).orElse("~/.docker/config.json");
            return new InfrastructureException(Agent.COMPILER, "the registry " + registry + " refused the "
                    + "credentials, or none were found: " + root.getMessage(), context, "Log in to " + registry
                    + " (docker login, podman login --authfile " + file + ", or a credential helper named in "
                    + file + "); HiveMind reads " + file, cause);
        }
        if (root instanceof ConnectException || root instanceof UnknownHostException) {
            return new NetworkException(Agent.COMPILER, "cannot reach the registry " + registry + ": " + root,
                    context, "Check the host and port in the image reference and that the registry is running",
                    cause);
        }
        return new InfrastructureException(Agent.COMPILER, "the registry " + registry + " failed: "
                + root.getClass().getSimpleName() + ": " + root.getMessage(), context,
                "Check the registry's own log; run again with --stacktrace for the cause", cause);
    }

    private static boolean find(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable at = cause; at != null; at = at.getCause()) {
            if (type.isInstance(at)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable cause) {
        Throwable at = cause;
        while (at.getCause() != null && at.getCause() != at) {
            at = at.getCause();
        }
        return at;
    }
}
