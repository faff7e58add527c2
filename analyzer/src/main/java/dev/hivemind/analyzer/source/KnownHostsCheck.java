package dev.hivemind.analyzer.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * JGit's OpenSSH known_hosts check, made unattended: {@code StrictHostKeyChecking ask} (OpenSSH's default, also
 * when the option is not set) becomes {@code accept-new}, because a deployment has nobody to ask. A host seen for the
 * first time is trusted and recorded in known_hosts (the file is created if missing, as OpenSSH does); a host whose
 * key differs from the recorded one is refused. Explicit {@code yes}, {@code no} and {@code accept-new} settings are
 * honoured as they are. Every refusal is handed to {@code rejections} so the failed clone can say why.
 */
final class KnownHostsCheck implements ServerKeyDatabase {
    private static final System.Logger LOG = System.getLogger(KnownHostsCheck.class.getName());

    private final ServerKeyDatabase openSsh;
    private final Path defaultKnownHosts;
    private final Consumer<HostKeyRejection> rejections;

    KnownHostsCheck(ServerKeyDatabase openSsh, Path defaultKnownHosts, Consumer<HostKeyRejection> rejections) {
        this.openSsh = openSsh;
        this.defaultKnownHosts = defaultKnownHosts;
        this.rejections = rejections;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return openSsh.lookup(connectAddress, remoteAddress, new Unattended(config));
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        Configuration unattended = new Unattended(config);
        List<PublicKey> known = openSsh.lookup(connectAddress, remoteAddress, unattended);
        Path knownHosts = knownHostsFile(unattended);
        if (known.isEmpty() && acceptsNewKeys(unattended)) {
            createIfMissing(knownHosts);
        }
        if (openSsh.accept(connectAddress, remoteAddress, serverKey, unattended, provider)) {
            return true;
        }
        rejections.accept(HostKeyRejection.of(connectAddress, serverKey, known, knownHosts));
        return false;
    }

    private static boolean acceptsNewKeys(Configuration config) {
        return config.getStrictHostKeyChecking() != Configuration.StrictHostKeyChecking.REQUIRE_MATCH;
    }

    /** The file new keys go to: JGit writes to the first {@code UserKnownHostsFile}, else to ~/.ssh/known_hosts. */
    private Path knownHostsFile(Configuration config) {
        List<String> configured = config.getUserKnownHostsFiles();
        return configured == null || configured.isEmpty() ? defaultKnownHosts : Path.of(configured.getFirst());
    }

    /** JGit records a new key only in an existing file when it cannot ask, so the file is made the way ssh would. */
    private static void createIfMissing(Path knownHosts) {
        if (Files.exists(knownHosts)) {
            return;
        }
        try {
            Files.createDirectories(knownHosts.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createFile(knownHosts,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot create " + knownHosts
                    + "; a new host key is trusted for this connection only", e);
        }
    }

    /** The session's ssh configuration, with {@code ask} answered as {@code accept-new}. */
    private record Unattended(Configuration config) implements Configuration {
        @Override
        public StrictHostKeyChecking getStrictHostKeyChecking() {
            StrictHostKeyChecking configured = config.getStrictHostKeyChecking();
            return configured == StrictHostKeyChecking.ASK ? StrictHostKeyChecking.ACCEPT_NEW : configured;
        }

        @Override
        public List<String> getUserKnownHostsFiles() {
            return config.getUserKnownHostsFiles();
        }

        @Override
        public List<String> getGlobalKnownHostsFiles() {
            return config.getGlobalKnownHostsFiles();
        }

        @Override
        public boolean getHashKnownHosts() {
            return config.getHashKnownHosts();
        }

        @Override
        public String getUsername() {
            return config.getUsername();
        }
    }
}
