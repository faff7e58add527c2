package dev.hivemind.target.ssh.connection;

import java.io.IOException;
import org.apache.sshd.client.channel.AsyncCapableClientChannel;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * OpenSSH's {@code direct-streamlocal@openssh.com} channel: a byte stream to a Unix socket on the server, opened by
 * sshd as the logged-in user (OpenSSH's PROTOCOL, section 2.4). MINA SSHD's client has the TCP variant only.
 */
final class StreamLocalChannel extends AsyncCapableClientChannel {
    static final String TYPE = "direct-streamlocal@openssh.com";

    private final String socketPath;

    StreamLocalChannel(String socketPath) {
        super(TYPE, false);
        this.socketPath = socketPath;
    }

    @Override
    public synchronized OpenFuture open() throws IOException {
        if (closeFuture.isClosed()) {
            throw new SshException("the SSH session is closed");
        }
        openFuture = new DefaultOpenFuture(socketPath, futureLock);
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_OPEN,
                TYPE.length() + socketPath.length() + 64);
        buffer.putString(TYPE);
        buffer.putUInt(getChannelId());
        buffer.putUInt(getLocalWindow().getSize());
        buffer.putUInt(getLocalWindow().getPacketSize());
        buffer.putString(socketPath);
        buffer.putString(""); // reserved
        buffer.putUInt(0); // reserved
        writePacket(buffer);
        return openFuture;
    }
}
