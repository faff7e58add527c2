package dev.hivemind.target.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Chooses an app's public port: the one asked for, else 8080 or the next free one; when it cannot, it says why as it
 * is: another HiveMind app's port, another process's, or a port this user may not bind.
 */
final class PortAllocator {
    static final int DEFAULT_PORT = 8080;
    private static final int SEARCH_SPAN = 100;
    private static final Path UNPRIVILEGED_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

    private PortAllocator() {
    }

    /** The port chosen, or why none could be. */
    sealed interface Choice {
        /** The port, free (or the app's own). */
        record Chosen(int port) implements Choice {
        }

        /** No port: what stands in the way and what to do. */
        record Refused(String problem, String remedy) implements Choice {
        }
    }

    /** What binding a port answered. */
    sealed interface Binding {
        record Free() implements Binding {
        }

        record InUse() implements Binding {
        }

        /** The system refused this user the port ({@code EACCES}): below the first unprivileged port. */
        record Denied() implements Binding {
        }

        record Failed(String reason) implements Binding {
        }
    }

    /**
     * @param requested the port asked for with {@code --port}
     * @param current   the port the app already has, which stays when nothing else is asked
     * @param taken     the public ports of the other apps of this agent, with the app holding each
     */
    static Choice choose(Optional<Integer> requested, Optional<Integer> current, Map<Integer, String> taken,
                         String bindAddress) {
        if (requested.isPresent()) {
            boolean ours = current.isPresent() && current.get().equals(requested.get());
            return ours ? new Choice.Chosen(requested.get()) : requested(requested.get(), taken, bindAddress);
        }
        if (current.isPresent()) {
            return new Choice.Chosen(current.get());
        }
        for (int port = DEFAULT_PORT; port < DEFAULT_PORT + SEARCH_SPAN; port++) {
            if (!taken.containsKey(port) && probe(port, bindAddress) instanceof Binding.Free) {
                return new Choice.Chosen(port);
            }
        }
        TreeSet<String> apps = new TreeSet<>(taken.values());
        return new Choice.Refused("every port from " + DEFAULT_PORT + " to " + (DEFAULT_PORT + SEARCH_SPAN - 1)
                + " on " + bindAddress + " is in use" + (apps.isEmpty() ? "" : " (some by the HiveMind apps "
                + String.join(", ", apps) + ")"), "Pass --port with a free port");
    }

    private static Choice requested(int port, Map<Integer, String> taken, String bindAddress) {
        String holder = taken.get(port);
        if (holder != null) {
            return new Choice.Refused("port " + port + " is the public port of the HiveMind app " + holder,
                    "Pass --port with another port, or free this one with: hivemind destroy " + holder);
        }
        String where = "port " + port + " on " + bindAddress;
        return switch (probe(port, bindAddress)) {
            case Binding.Free free -> new Choice.Chosen(port);
            case Binding.InUse inUse -> new Choice.Refused(where + " is in use by another process",
                    "Pass --port with a free port, or stop the process using it (ss -ltnp 'sport = :" + port
                            + "' shows which)");
            case Binding.Denied denied -> new Choice.Refused(where + " is free but privileged: the system lets only "
                    + "root (or a process with CAP_NET_BIND_SERVICE) bind ports below " + unprivilegedStart()
                    + ", and HiveMind runs as " + System.getProperty("user.name"), "Pass --port "
                    + unprivilegedStart() + " or above (e.g. --port " + DEFAULT_PORT + "), or run HiveMind as root");
            case Binding.Failed failed -> new Choice.Refused(where + " cannot be bound: " + failed.reason(),
                    "Pass --port with another port, or check the address (" + bindAddress + ")");
        };
    }

    static boolean isFree(int port, String bindAddress) {
        return probe(port, bindAddress) instanceof Binding.Free;
    }

    /** Binds the port for a moment and says what the system answered. */
    static Binding probe(int port, String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
            return new Binding.Free();
        } catch (IOException e) {
            return binding(e);
        }
    }

    /** What a failed bind means: the message of {@code EADDRINUSE}, {@code EACCES} or anything else. */
    static Binding binding(IOException failure) {
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof BindException && message.contains("in use")) {
            return new Binding.InUse();
        }
        if (failure instanceof BindException && message.contains("Permission denied")) {
            return new Binding.Denied();
        }
        return new Binding.Failed(failure.getClass().getSimpleName() + ": " + message);
    }

    /** The first port an unprivileged process may bind (1024 unless the system says otherwise). */
    static int unprivilegedStart() {
        try {
            return Integer.parseInt(Files.readString(UNPRIVILEGED_START).strip());
        } catch (IOException | NumberFormatException e) {
            return 1024;
        }
    }
}
