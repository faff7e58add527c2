package dev.hivemind.analyzer.source;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * An SSH server whose host key the known_hosts check refused, and why; it becomes an {@link InvalidInputException},
 * since only the user can tell a legitimately replaced key from an intercepted connection.
 *
 * @param host        the host as known_hosts names it: {@code github.com}, or {@code [127.0.0.1]:2222} off port 22
 * @param keyType     the type of the key the server sent, such as {@code ssh-ed25519}
 * @param fingerprint its SHA256 fingerprint, as {@code ssh-keygen -l} prints it
 * @param reason      why the key was refused
 * @param knownHosts  the known_hosts file consulted first
 */
record HostKeyRejection(String host, String keyType, String fingerprint, Reason reason, Path knownHosts) {
    /** Why a host key was refused. */
    enum Reason {
        /** known_hosts records another key for the host. */
        CHANGED,
        /** known_hosts records no key for the host and the ssh config requires one. */
        UNKNOWN,
        /** known_hosts marks the very key {@code @revoked}. */
        REVOKED
    }

    /** Judges the refusal of {@code serverKey} given the keys {@code known} that known_hosts holds for the host. */
    static HostKeyRejection of(String host, PublicKey serverKey, List<PublicKey> known, Path knownHosts) {
        Reason reason = known.isEmpty() ? Reason.UNKNOWN
                : known.stream().anyMatch(key -> KeyUtils.compareKeys(key, serverKey)) ? Reason.REVOKED
                : Reason.CHANGED;
        return new HostKeyRejection(host, KeyUtils.getKeyType(serverKey),
                KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey), reason, knownHosts);
    }

    InvalidInputException toException(String url, Throwable cause) {
        return new InvalidInputException(Agent.COMPILER, message(), CloneFailures.context(url), remediation(), cause);
    }

    private String message() {
        String key = keyType + " key " + fingerprint;
        return switch (reason) {
            case CHANGED -> "the SSH host key of " + host + " has changed: the server sent the " + key + ", but "
                    + knownHosts + " records a different key for " + host;
            case UNKNOWN -> "the SSH host key of " + host + " (" + key + ") is not in " + knownHosts
                    + " and the ssh config sets StrictHostKeyChecking yes";
            case REVOKED -> "the SSH host key of " + host + " (" + key + ") is marked @revoked in " + knownHosts;
        };
    }

    private String remediation() {
        return switch (reason) {
            case CHANGED -> "Someone may be intercepting the connection. If the server's key was replaced on purpose, "
                    + "check its new fingerprint with the server's administrator, remove the old entry with "
                    + "`ssh-keygen -R '" + host + "' -f " + knownHosts + "` and run again";
            case UNKNOWN -> "Check the fingerprint with the server's administrator, then record the key by "
                    + "connecting once with ssh (answer yes) or by adding it to " + knownHosts;
            case REVOKED -> "Ask the server's administrator for its current key, or check the host in the URL";
        };
    }
}
