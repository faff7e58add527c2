package dev.hivemind.analyzer.source;

import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jgit.util.FS;

/**
 * The home directory whose {@code .ssh} directory holds what clones over ssh use, as OpenSSH would: the private keys
 * ({@code id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, or those {@code IdentityFile} names), {@code known_hosts} and
 * {@code config}. It is also what {@code ~} means in that config.
 *
 * @param directory the home directory (absolute once built)
 */
public record SshHome(Path directory) {
    public SshHome {
        directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** The current user's home, as JGit finds it. */
    public static SshHome ofUser() {
        return new SshHome(FS.DETECTED.userHome().toPath());
    }

    /** {@code <home>/.ssh} */
    public Path sshDirectory() {
        return directory.resolve(".ssh");
    }

    /** {@code <home>/.ssh/known_hosts}, where new host keys are recorded unless the ssh config names another file. */
    public Path knownHosts() {
        return sshDirectory().resolve("known_hosts");
    }
}
