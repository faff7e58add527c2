package dev.hivemind.target.ssh.connection;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The user's SSH agent ({@code SSH_AUTH_SOCK}) over the JDK's Unix sockets: MINA SSHD speaks the agent protocol,
 * this carries its messages (its own Unix agent client needs a native library).
 */
final class SocketAgent extends AbstractAgentProxy {
    private final SocketChannel channel;

    private SocketAgent(SocketChannel channel) {
        super(null);
        this.channel = channel;
    }

    /** A factory whose clients talk to the agent listening on {@code socket}. */
    static SshAgentFactory factory(Path socket) {
        return new SshAgentFactory() {
            @Override
            public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
                return List.of();
            }

            @Override
            public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
                return new SocketAgent(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            }

            @Override
            public SshAgentServer createServer(ConnectionService service) {
                throw new UnsupportedOperationException("HiveMind does not forward the SSH agent");
            }
        };
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = readFully(ByteBuffer.allocate(4));
        int size = length.flip().getInt();
        if (size < 0 || size > 256 * 1024) {
            throw new IOException("the SSH agent answered a message of " + size + " bytes");
        }
        return new ByteArrayBuffer(readFully(ByteBuffer.allocate(size)).array());
    }

    private ByteBuffer readFully(ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("the SSH agent closed the connection");
            }
        }
        return into;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
