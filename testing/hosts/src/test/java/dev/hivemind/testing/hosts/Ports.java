package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** TCP connections from this machine to a host's port. */
final class Ports {
    private static final int CONNECT_MILLIS = 2000;
    private static final Duration OPENING = Duration.ofSeconds(30);

    private Ports() {
    }

    /** Whether a connection to {@code address:port} is accepted within 2 s (a firewall's drop is a timeout). */
    static boolean accepts(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_MILLIS);
            return true;
        } catch (IOException refusedOrDropped) {
            return false;
        }
    }

    /** Waits until {@code address:port} accepts connections. */
    static void awaitOpen(String address, int port) {
        Instant deadline = Instant.now().plus(OPENING);
        while (!accepts(address, port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(address + ":" + port + " did not open within " + OPENING);
            }
            Pause.briefly();
        }
    }
}
