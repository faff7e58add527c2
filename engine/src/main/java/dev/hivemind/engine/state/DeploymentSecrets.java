package dev.hivemind.engine.state;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.SecretMask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets one deployment knows, for masking what it writes to its log, state and reports: those of the app's
 * environment values ({@link SecretMask#of}) and the password HiveMind generated for the app's database.
 */
public final class DeploymentSecrets {
    private DeploymentSecrets() {
    }

    public static SecretMask mask(Map<String, String> environment, Optional<DatabaseInfo> database) {
        SecretMask mask = SecretMask.of(environment);
        Optional<String> password = database.flatMap(DatabaseInfo::passwordFile).flatMap(DeploymentSecrets::read);
        return password.map(secret -> mask.with(List.of(secret))).orElse(mask);
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // a database destroyed since: nothing of it can be printed any more
        }
    }
}
