package dev.hivemind.analyzer.source;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;

/**
 * Recognises an SSH server that accepted none of the keys offered, which JGit reports as a mere transport error,
 * and turns it into an {@link InvalidInputException} that says which keys were tried and how to get one accepted.
 */
final class SshFailures {
    private SshFailures() {
    }

    /** An error for {@code failure} if the SSH server refused to log in, else empty. */
    static Optional<InvalidInputException> loginRefused(String url, Throwable failure, SshHome home) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SshException ssh
                    && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                return Optional.of(new InvalidInputException(Agent.COMPILER, "the SSH server of " + url
                        + " accepted none of the keys this machine offered: " + attempts(failure),
                        CloneFailures.context(url), remediation(home), failure));
            }
        }
        return Optional.empty();
    }

    /** JGit lists each key it tried on the lines after its first; without them, sshd's own message. */
    private static String attempts(Throwable failure) {
        String[] lines = String.valueOf(failure.getMessage()).split("\\R");
        return lines.length > 1
                ? Arrays.stream(lines).skip(1).map(String::strip).filter(line -> !line.isEmpty())
                        .collect(Collectors.joining("; "))
                : CloneFailures.detail(failure);
    }

    private static String remediation(SshHome home) {
        return "Register the public key of one of the keys in " + home.sshDirectory() + " (such as id_ed25519.pub; "
                + "`ssh-keygen -t ed25519` makes one) as a deploy key of the repository or in your account's SSH "
                + "keys, or name the right key with IdentityFile in " + home.sshDirectory().resolve("config")
                + ". Keys with a passphrase and keys only in ssh-agent (ssh-add) cannot be used, as there is nobody "
                + "to type the passphrase; set GIT_SSH=ssh to clone through OpenSSH and its agent instead";
    }
}
