package dev.hivemind.target.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Set;

/** Chooses an app's public port: the one asked for, else 8080 or the next free one. */
final class PortAllocator {
    static final int DEFAULT_PORT = 8080;
    private static final int SEARCH_SPAN = 100;

    private PortAllocator() {
    }

    /**
     * @param requested the port asked for with {@code --port}
     * @param current   the port the app already has, which stays when nothing else is asked
     * @param taken     ports other apps of this agent hold
     */
    static Optional<Integer> choose(Optional<Integer> requested, Optional<Integer> current, Set<Integer> taken,
                                    String bindAddress) {
        if (requested.isPresent()) {
            int port = requested.get();
            boolean ours = current.isPresent() && current.get() == port;
            return ours || (!taken.contains(port) && isFree(port, bindAddress)) ? requested : Optional.empty();
        }
        if (current.isPresent()) {
            return current;
        }
        for (int port = DEFAULT_PORT; port < DEFAULT_PORT + SEARCH_SPAN; port++) {
            if (!taken.contains(port) && isFree(port, bindAddress)) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    static boolean isFree(int port, String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
