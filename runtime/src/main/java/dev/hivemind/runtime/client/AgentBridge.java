package dev.hivemind.runtime.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Carries one connection's bytes between a program's standard input and output and the agent's socket: what a
 * remote client runs over SSH ({@code hivemind agent bridge}, through {@code sudo}) when its login may not open the
 * agent's socket itself.
 */
public final class AgentBridge {

    private AgentBridge() {
    }

    /** Copies {@code in} to the socket and the socket to {@code out} until either side ends. */
    public static void carry(Path socket, InputStream in, OutputStream out) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            InputStream fromAgent = Channels.newInputStream(channel);
            OutputStream toAgent = Channels.newOutputStream(channel);
            Thread upstream = Thread.ofPlatform().daemon().name("bridge-up").start(() -> {
                try {
                    in.transferTo(toAgent);
                    channel.shutdownOutput();
                } catch (IOException e) {
                    // the agent or the client went away: the downstream copy ends too
                }
            });
            byte[] buffer = new byte[16 * 1024];
            for (int read = fromAgent.read(buffer); read >= 0; read = fromAgent.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
            upstream.interrupt();
        }
    }
}
