package dev.hivemind.target.aws;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The app's SSH key pair for its instances: Ed25519, made on this machine once, the private key in
 * {@code aws/keys/<app>} (0600, OpenSSH format) and the public key beside it; only the public key goes to AWS.
 */
final class KeyFiles {
    private KeyFiles() {
    }

    static Path privateKey(HivemindHome home, String app) {
        return home.root().resolve("aws").resolve("keys").resolve(app);
    }

    /** The public key ({@code ssh-ed25519 AAAA... hivemind-APP}), making the pair when there is none yet. */
    static String ensure(HivemindHome home, String app) {
        Path file = privateKey(home, app);
        Path publicFile = file.resolveSibling(app + ".pub");
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(publicFile)) {
                return Files.readString(publicFile).strip();
            }
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "hivemind-" + app, null, encoded);
            String publicKey = PublicKeyEntry.toString(pair.getPublic()) + " hivemind-" + app;
            PrivateFiles.writeAtomically(publicFile, (publicKey + "\n").getBytes(StandardCharsets.UTF_8), true);
            PrivateFiles.writeAtomically(file, encoded.toByteArray(), true);
            return publicKey;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the SSH key of " + app + " in " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java cannot make an Ed25519 key: " + e.getMessage(), e);
        }
    }

    static void forget(HivemindHome home, String app) {
        Path file = privateKey(home, app);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(app + ".pub"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
