package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.remote.SshHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * One authenticated SSH session to one host, reused for every command, file transfer and agent call of a HiveMind
 * command. Scripts run as root: directly for a root login, else through {@code sudo -n}.
 */
public final class SshConnection implements RemoteShell, AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(15);

    private final SshHost host;
    private final SshClient client;
    private final ClientSession session;
    private final HostTrust.Verdict trust;
    private SftpClient sftp;
    private AgentTunnel tunnel;

    private SshConnection(SshHost host, SshClient client, ClientSession session, HostTrust.Verdict trust) {
        this.host = host;
        this.client = client;
        this.session = session;
        this.trust = trust;
    }

    /**
     * Where keys and known hosts are read from and recorded to.
     *
     * @param keyFiles    the private keys to offer
     * @param agentSocket the user's SSH agent, offered after the key files
     */
    public record Credentials(List<Path> keyFiles, Path userKnownHosts, Path hivemindKnownHosts,
                              Optional<Path> agentSocket) {
        public Credentials {
            keyFiles = List.copyOf(keyFiles);
        }

        public Credentials(List<Path> keyFiles, Path userKnownHosts, Path hivemindKnownHosts) {
            this(keyFiles, userKnownHosts, hivemindKnownHosts, Optional.empty());
        }
    }

    /**
     * Connects, checks the host key and logs in.
     *
     * @throws NetworkException      when the host cannot be reached (retried by the policy)
     * @throws InvalidInputException when the host key changed or the login is refused
     */
    public static SshConnection open(SshHost host, Credentials credentials) {
        List<KeyPair> keys = Identities.load(credentials.keyFiles(), credentials.agentSocket().isPresent());
        HostTrust trust = new HostTrust(host, credentials.userKnownHosts(), credentials.hivemindKnownHosts());
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(trust);
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys));
        credentials.agentSocket().ifPresent(socket -> client.setAgentFactory(SocketAgent.factory(socket)));
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(host.user(), host.host(), host.port()).verify(CONNECT_TIMEOUT).getSession();
            session.auth().verify(AUTH_TIMEOUT);
            return new SshConnection(host, client, session, trust.verdict().orElseThrow());
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            throw SshFailures.translate(host, trust.verdict(), keys.isEmpty() && credentials.agentSocket().isEmpty(),
                    credentials, e);
        }
    }

    @Override
    public SshHost host() {
        return host;
    }

    /** What the host-key check decided when this connection was made. */
    public HostTrust.Verdict trust() {
        return trust;
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        return execute(script, Optional.empty(), timeout);
    }

    @Override
    public CommandResult run(String script, byte[] input, Duration timeout) {
        return execute(script, Optional.of(new ByteArrayInputStream(input)), timeout);
    }

    /** Runs {@code script} as root with {@code input} streamed to its standard input (a file, say). */
    public CommandResult run(String script, java.io.InputStream input, Duration timeout) {
        return execute(script, Optional.of(input), timeout);
    }

    private CommandResult execute(String script, Optional<java.io.InputStream> input, Duration timeout) {
        String command = (host.isRoot() ? "" : "sudo -n -- ") + "/bin/sh -c " + RemoteShell.quote(script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.setIn(input.orElseGet(() -> new ByteArrayInputStream(new byte[0])));
            channel.open().verify(CONNECT_TIMEOUT);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new InfrastructureException(Agent.PROVISIONER, "a command on " + host.display()
                        + " did not finish within " + timeout.toSeconds() + " s: " + firstLine(script),
                        "Running a command on " + host.display(), "Check the host's load and its package manager "
                        + "(apt may be locked by another upgrade); then run hivemind resume");
            }
            Integer status = channel.getExitStatus();
            return new CommandResult(host, script, status == null ? -1 : status,
                    out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NetworkException(Agent.PROVISIONER, "the SSH session to " + host.display() + " failed: "
                    + e.getMessage(), "Running a command on " + host.display(), "Check that the host is up and "
                    + "reachable, then run hivemind resume");
        }
    }

    /**
     * Runs {@code script} as root with its output going to {@code out} as it comes, until it ends or the calling
     * thread is interrupted (a {@code tail -F}); returns its exit status (-1 when interrupted).
     */
    public int stream(String script, java.io.OutputStream out) {
        String command = (host.isRoot() ? "" : "sudo -n -- ") + "/bin/sh -c " + RemoteShell.quote(script);
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(out);
            channel.open().verify(CONNECT_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            Integer status = channel.getExitStatus();
            return status == null ? -1 : status;
        } catch (IOException e) {
            throw new NetworkException(Agent.PROVISIONER, "the SSH session to " + host.display() + " failed: "
                    + e.getMessage(), "Reading from " + host.display(), "Check that the host is up and reachable");
        }
    }

    /** The session's SFTP client, opened on first use. */
    public synchronized SftpClient sftp() {
        if (sftp == null) {
            try {
                sftp = SftpClientFactory.instance().createSftpClient(session);
            } catch (IOException e) {
                throw new NetworkException(Agent.PROVISIONER, "cannot open SFTP on " + host.display() + ": "
                        + e.getMessage(), "Uploading to " + host.display(), "Check that the host's sshd has the "
                        + "sftp subsystem (Subsystem sftp in sshd_config)");
            }
        }
        return sftp;
    }

    /**
     * A local Unix socket at {@code localSocket} that reaches {@code remoteSocket} on the host through this session
     * (opened once; later calls return the same socket): straight to the socket for a root login, else through
     * {@code sudo -n bridgeCommand}, which carries its standard input and output to the socket.
     */
    public Path tunnel(String remoteSocket, String bridgeCommand, Path localSocket) {
        return tunnel(host.isRoot() ? new AgentTunnel.Carrier.Socket(remoteSocket)
                : new AgentTunnel.Carrier.Command("sudo -n -- " + bridgeCommand), localSocket);
    }

    synchronized Path tunnel(AgentTunnel.Carrier carrier, Path localSocket) {
        if (tunnel == null) {
            try {
                tunnel = AgentTunnel.open(session, carrier, localSocket);
            } catch (IOException e) {
                throw new InfrastructureException(Agent.PROVISIONER, "cannot open the local end of the agent "
                        + "tunnel " + localSocket + ": " + e.getMessage(), "Reaching the agent of " + host.display(),
                        "Check that " + localSocket.getParent() + " is writable");
            }
        }
        return tunnel.localSocket();
    }

    @Override
    public synchronized void close() {
        if (tunnel != null) {
            tunnel.close();
        }
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                // the session closes below anyway
            }
        }
        closeQuietly(session);
        client.stop();
    }

    private static void closeQuietly(ClientSession session) {
        if (session != null) {
            session.close(true);
        }
    }

    private static String firstLine(String script) {
        return script.lines().findFirst().orElse("").strip();
    }
}
