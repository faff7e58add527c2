package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The private keys HiveMind logs in with: the one given with {@code --ssh-key}, else the user's usual keys
 * ({@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}) that exist. A key protected by a passphrase cannot
 * be used unattended: the error says to load it into the SSH agent or to give an unprotected deploy key.
 */
public final class Identities {
    static final List<String> USUAL_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private Identities() {
    }

    /** The key files to try, in order; refuses a given file that is missing or unreadable. */
    public static List<Path> files(Optional<String> given, Path sshDirectory) {
        if (given.isPresent()) {
            Path file = Path.of(given.get()).toAbsolutePath();
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new InvalidInputException(Agent.CONDUCTOR, "the SSH key " + file + " is not a readable file",
                        "Reading the key given with --ssh-key", "Give the path of your private key, e.g. --ssh-key "
                        + sshDirectory.resolve("id_ed25519"));
            }
            return List.of(file);
        }
        return USUAL_KEYS.stream().map(sshDirectory::resolve).filter(Files::isRegularFile).toList();
    }

    /**
     * The key pairs in {@code files}; a key that cannot be read unattended is refused with the reason, or skipped
     * when {@code agentAvailable} (the SSH agent may hold it).
     */
    public static List<KeyPair> load(List<Path> files, boolean agentAvailable) {
        List<KeyPair> pairs = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(
                        file.toString()), in, FilePasswordProvider.EMPTY);
                if (loaded != null) {
                    loaded.forEach(pairs::add);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                if (agentAvailable) {
                    continue;
                }
                throw new InvalidInputException(Agent.CONDUCTOR, "cannot use the SSH key " + file + ": "
                        + oneLine(e), "Reading the SSH key", "A key with a passphrase cannot be used unattended: "
                        + "load it with ssh-add (HiveMind then uses the SSH agent) or give an unprotected deploy key "
                        + "with --ssh-key");
            }
        }
        return pairs;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
