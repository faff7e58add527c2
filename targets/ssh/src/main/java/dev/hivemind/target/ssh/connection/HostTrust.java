package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.remote.SshHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Host-key trust as OpenSSH's {@code StrictHostKeyChecking accept-new}, never disabled: a key recorded for the host
 * in the user's {@code ~/.ssh/known_hosts} or in HiveMind's own known-hosts file must match; a host recorded in
 * neither is trusted on this first contact and recorded in HiveMind's file, and the caller is told its
 * fingerprint. A key that differs from a recorded one is refused and remembered, so the failure can name both.
 */
public final class HostTrust implements ServerKeyVerifier {
    private final Path userKnownHosts;
    private final Path hivemindKnownHosts;
    private final SshHost host;
    private final AtomicReference<Verdict> verdict = new AtomicReference<>();

    /** What the check decided about the host's key. */
    public sealed interface Verdict {
        String fingerprint();

        /** The key was already recorded in {@code file}. */
        record Known(String fingerprint, Path file) implements Verdict { }

        /** First contact: the key is now recorded in {@code file}. */
        record FirstContact(String fingerprint, Path file) implements Verdict { }

        /** The host offered another key than the one recorded in {@code file}. */
        record Changed(String fingerprint, String recordedFingerprint, Path file, int line) implements Verdict { }
    }

    public HostTrust(SshHost host, Path userKnownHosts, Path hivemindKnownHosts) {
        this.host = host;
        this.userKnownHosts = userKnownHosts;
        this.hivemindKnownHosts = hivemindKnownHosts;
    }

    /** What the last key check decided, if a key was offered. */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdict.get());
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        Verdict decided = decide(serverKey);
        verdict.set(decided);
        return !(decided instanceof Verdict.Changed);
    }

    Verdict decide(PublicKey serverKey) {
        String fingerprint = KeyUtils.getFingerPrint(serverKey);
        for (Path file : List.of(userKnownHosts, hivemindKnownHosts)) {
            List<Recorded> recorded = recordedKeys(file);
            if (recorded.stream().anyMatch(entry -> KeyUtils.compareKeys(entry.key(), serverKey))) {
                return new Verdict.Known(fingerprint, file);
            }
            Optional<Recorded> sameType = recorded.stream()
                    .filter(entry -> KeyUtils.getKeyType(entry.key()).equals(KeyUtils.getKeyType(serverKey)))
                    .findFirst();
            if (sameType.isPresent()) {
                return new Verdict.Changed(fingerprint, KeyUtils.getFingerPrint(sameType.get().key()), file,
                        sameType.get().line());
            }
        }
        record(serverKey);
        return new Verdict.FirstContact(fingerprint, hivemindKnownHosts);
    }

    private record Recorded(PublicKey key, int line) { }

    private List<Recorded> recordedKeys(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Recorded> keys = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
                if (entry != null && entry.getMarker() == null && entry.isHostMatch(host.host(), host.port())) {
                    keys.add(new Recorded(entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING),
                            i + 1));
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the known hosts in " + file + ": " + e.getMessage(), e);
        }
        return keys.stream().filter(entry -> entry.key() != null).toList();
    }

    private void record(PublicKey serverKey) {
        String pattern = host.port() == SshHost.DEFAULT_PORT ? host.host() : "[" + host.host() + "]:" + host.port();
        String line = pattern + " " + PublicKeyEntry.toString(serverKey) + "\n";
        try {
            PrivateFiles.append(hivemindKnownHosts, line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the host key of " + host.display() + " in "
                    + hivemindKnownHosts, e);
        }
    }
}
