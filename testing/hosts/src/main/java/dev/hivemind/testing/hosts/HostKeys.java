package dev.hivemind.testing.hosts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** SSH keys as OpenSSH shows them. */
final class HostKeys {
    private static final Duration SERVED = Duration.ofSeconds(60);

    private HostKeys() {
    }

    /**
     * The fingerprint {@code ssh-keygen -l} prints for a public key {@code type base64 [comment]}: {@code SHA256:}
     * and the unpadded base64 of the SHA-256 of the key's blob.
     */
    static String fingerprint(String publicKey) {
        String[] fields = publicKey.strip().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key: " + publicKey);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(fields[1]));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Waits until {@code host}'s sshd presents its current host key, which is no longer {@code previous}. */
    static void awaitServed(TestHost host, String previous) {
        String expected = host.hostKey();
        if (expected.equals(previous)) {
            throw new TestHostException(host.name() + " still has its previous host key " + fingerprint(previous));
        }
        Instant deadline = Instant.now().plus(SERVED);
        String served = "";
        while (Instant.now().isBefore(deadline)) {
            ExecResult scan = Commands.run(List.of("ssh-keyscan", "-T", "2", "-t", "ed25519", "-p",
                    String.valueOf(host.sshPort()), host.address()), Commands.SHORT);
            served = scan.output().lines().filter(line -> !line.startsWith("#"))
                    .map(line -> line.substring(line.indexOf(' ') + 1).strip()).findFirst().orElse("");
            if (served.equals(expected)) {
                return;
            }
            Pause.briefly();
        }
        throw new TestHostException(host.name() + "'s sshd did not present its new host key within " + SERVED
                + "; it presents " + (served.isEmpty() ? "nothing" : fingerprint(served)) + ". Its console:\n"
                + host.consoleTail());
    }
}
