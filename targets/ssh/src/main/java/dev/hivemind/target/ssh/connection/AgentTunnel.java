package dev.hivemind.target.ssh.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;

/**
 * A Unix socket on this machine whose every connection is carried over the host's one SSH session to the host
 * agent's socket there, so the agent client talks to a remote agent exactly as to the local one. The local socket
 * lives in a 0700 directory of {@code HIVEMIND_HOME} and is removed on close.
 */
final class AgentTunnel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentTunnel.class.getName());
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

    private final ClientSession session;
    private final Carrier carrier;
    private final Path localSocket;
    private final ServerSocketChannel server;

    /** How one connection reaches the agent: a stream-local channel to its socket, or a bridge command. */
    sealed interface Carrier {
        /** OpenSSH's {@code direct-streamlocal@openssh.com} to the socket, opened by sshd as the login. */
        record Socket(String path) implements Carrier { }

        /** A command on the host that carries its standard input and output to the socket. */
        record Command(String command) implements Carrier { }
    }

    private AgentTunnel(ClientSession session, Carrier carrier, Path localSocket, ServerSocketChannel server) {
        this.session = session;
        this.carrier = carrier;
        this.localSocket = localSocket;
        this.server = server;
    }

    static AgentTunnel open(ClientSession session, Carrier carrier, Path localSocket) throws IOException {
        Files.deleteIfExists(localSocket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(localSocket));
        AgentTunnel tunnel = new AgentTunnel(session, carrier, localSocket, server);
        Thread.ofVirtual().name("ssh-tunnel-accept").start(tunnel::accept);
        return tunnel;
    }

    Path localSocket() {
        return localSocket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("ssh-tunnel").start(() -> carry(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "the agent tunnel stopped accepting: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void carry(SocketChannel client) {
        ClientChannel channel;
        try {
            channel = channel();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot open a channel to the agent: " + e.getMessage());
            closeQuietly(client);
            return;
        }
        try (client) {
            channel.open().verify(OPEN_TIMEOUT.toMillis());
            InputStream fromClient = Channels.newInputStream(client);
            OutputStream toClient = Channels.newOutputStream(client);
            Thread upstream = Thread.ofVirtual().name("ssh-tunnel-up").start(() -> pump(fromClient,
                    channel.getInvertedIn()));
            pump(channel.getInvertedOut(), toClient);
            upstream.interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "agent tunnel connection ended: " + e.getMessage());
        } finally {
            channel.close(false);
            channel.waitFor(java.util.EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(1));
        }
    }

    private ClientChannel channel() throws IOException {
        return switch (carrier) {
            case Carrier.Socket socket -> {
                StreamLocalChannel local = new StreamLocalChannel(socket.path());
                session.getService(ConnectionService.class).registerChannel(local);
                yield local;
            }
            case Carrier.Command command -> session.createExecChannel(command.command());
        };
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // nothing was carried yet
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buffer = new byte[32 * 1024];
        try {
            for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
                to.write(buffer, 0, read);
                to.flush();
            }
            to.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "agent tunnel stream ended: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(localSocket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the tunnel socket " + localSocket, e);
        }
    }
}
