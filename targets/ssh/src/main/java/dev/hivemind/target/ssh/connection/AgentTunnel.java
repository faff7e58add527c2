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
    private final String remoteSocket;
    private final Path localSocket;
    private final ServerSocketChannel server;

    private AgentTunnel(ClientSession session, String remoteSocket, Path localSocket, ServerSocketChannel server) {
        this.session = session;
        this.remoteSocket = remoteSocket;
        this.localSocket = localSocket;
        this.server = server;
    }

    static AgentTunnel open(ClientSession session, String remoteSocket, Path localSocket) throws IOException {
        Files.deleteIfExists(localSocket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(localSocket));
        AgentTunnel tunnel = new AgentTunnel(session, remoteSocket, localSocket, server);
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
        StreamLocalChannel channel = new StreamLocalChannel(remoteSocket);
        try (client) {
            session.getService(ConnectionService.class).registerChannel(channel);
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
