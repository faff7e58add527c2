package dev.hivemind.target.ssh;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.target.ssh.connection.Identities;
import dev.hivemind.target.ssh.connection.SshConnection;
import dev.hivemind.target.ssh.host.RemoteLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The SSH connections of one HiveMind command: one per host, opened on first use and reused for every command,
 * upload and agent call; each host's agent is reached through a tunnel over its connection.
 */
final class Fleet implements AutoCloseable {
    private final HivemindHome home;
    private final HostSelection selection;
    private final Consumer<String> notices;
    private final Map<SshHost, SshConnection> connections = new LinkedHashMap<>();
    private final Map<SshHost, AgentClient> agents = new LinkedHashMap<>();
    private Path tunnels;

    Fleet(HivemindHome home, HostSelection selection, Consumer<String> notices) {
        this.home = home;
        this.selection = selection;
        this.notices = notices;
    }

    HostSelection selection() {
        return selection;
    }

    /** The host's connection, opened (and its host key checked) on first use. */
    synchronized SshConnection connection(SshHost host) {
        SshConnection open = connections.get(host);
        if (open != null && open.isOpen()) {
            return open;
        }
        SshConnection connection = SshConnection.open(host, credentials());
        if (connection.trust() instanceof dev.hivemind.target.ssh.connection.HostTrust.Verdict.FirstContact first) {
            notices.accept("first contact with " + host.display() + ": trusted its host key " + first.fingerprint()
                    + " and recorded it in " + first.file());
        }
        connections.put(host, connection);
        agents.remove(host);
        return connection;
    }

    /** A client for the host's agent, carried over the host's connection. */
    synchronized AgentClient agent(SshHost host) {
        AgentClient client = agents.get(host);
        if (client != null && connections.get(host) != null && connections.get(host).isOpen()) {
            return client;
        }
        SshConnection connection = connection(host);
        Path socket = connection.tunnel(RemoteLayout.AGENT_SOCKET, RemoteLayout.BRIDGE, tunnels().resolve(host.fileName() + ".sock"));
        client = AgentClient.through(socket, RemoteLayout.HOME, "On " + host.display() + " systemd restarts the "
                + "agent (systemctl status " + RemoteLayout.UNIT + "); run hivemind resume to install it again");
        agents.put(host, client);
        return client;
    }

    /**
     * Whether a new, separate connection to the host logs in with the same credentials: shown before sshd's
     * settings are tightened, so HiveMind never locks the user out.
     */
    boolean secondLoginWorks(SshHost host) {
        try (SshConnection second = SshConnection.open(host, credentials())) {
            return second.run("true").ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    SshConnection.Credentials credentials() {
        return credentials(home, selection.identityFile());
    }

    /** The keys (the one given, else the usual ones, then the SSH agent) and the known-hosts files HiveMind uses. */
    static SshConnection.Credentials credentials(HivemindHome home, java.util.Optional<String> identityFile) {
        Path sshDirectory = Path.of(System.getProperty("user.home"), ".ssh");
        // The SSH agent comes after the usual keys, and only when no key was given.
        java.util.Optional<Path> agent = identityFile.isPresent() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(System.getenv("SSH_AUTH_SOCK")).filter(path -> !path.isBlank())
                .map(Path::of).filter(Files::exists);
        return new SshConnection.Credentials(Identities.files(identityFile, sshDirectory),
                sshDirectory.resolve("known_hosts"), knownHosts(home), agent);
    }

    /** HiveMind's own known-hosts file. */
    static Path knownHosts(HivemindHome home) {
        return home.root().resolve("ssh").resolve("known_hosts");
    }

    /** A private directory with a short path for the tunnels' sockets (Unix socket paths are limited to 107 bytes). */
    private Path tunnels() {
        if (tunnels == null) {
            try {
                tunnels = Files.createTempDirectory("hivemind-ssh-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the SSH tunnels' sockets", e);
            }
        }
        return tunnels;
    }

    @Override
    public synchronized void close() {
        agents.values().forEach(AgentClient::close);
        agents.clear();
        connections.values().forEach(SshConnection::close);
        connections.clear();
        if (tunnels != null) {
            try {
                dev.hivemind.api.host.PrivateFiles.deleteTree(tunnels);
            } catch (IOException e) {
                // the directory is under the system's temporary directory, cleaned by it
            }
            tunnels = null;
        }
    }
}
