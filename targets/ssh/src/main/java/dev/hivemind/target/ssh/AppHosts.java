package dev.hivemind.target.ssh;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.remote.SshHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The hosts an app was provisioned on, kept in {@code ssh/apps/<app>.json} so that {@code status}, {@code rollback},
 * {@code logs} and {@code destroy}, which name only the app, reach the same hosts with the same key.
 */
record AppHosts(List<SshHost> hosts, Optional<String> identityFile, int maxParallel, int publicPort, boolean harden) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

    AppHosts {
        hosts = List.copyOf(hosts);
    }

    HostSelection selection() {
        return new HostSelection(hosts, identityFile, maxParallel, harden);
    }

    static Path file(HivemindHome home, String app) {
        return home.root().resolve("ssh").resolve("apps").resolve(app + ".json");
    }

    void save(HivemindHome home, String app) {
        try {
            PrivateFiles.writeAtomically(file(home, app), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the hosts of " + app, e);
        }
    }

    static Optional<AppHosts> load(HivemindHome home, String app) {
        Path file = file(home, app);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), AppHosts.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hosts of " + app + " from " + file, e);
        }
    }

    static AppHosts require(HivemindHome home, String app) {
        return load(home, app).orElseThrow(() -> new InvalidInputException(Agent.CONDUCTOR, "app " + app
                + " was never provisioned on SSH hosts from this machine (no " + file(home, app) + ")",
                "Finding the hosts of " + app, "Deploy it first: hivemind deploy SOURCE --target ssh --host HOST"));
    }

    static void forget(HivemindHome home, String app) {
        try {
            Files.deleteIfExists(file(home, app));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(home, app), e);
        }
    }
}
