package dev.hivemind.runtime.agent;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/** The agent's Unix socket: whether something answers on it, and claiming it for a starting agent. */
final class AgentSocket {
    /** How long an agent that holds the lock waits for a socket that still answers to be let go. */
    private static final java.time.Duration DYING = java.time.Duration.ofSeconds(2);

    private AgentSocket() {
    }

    /** Whether a process accepts connections on the socket. */
    static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * For an agent holding the lock: refuses when another agent still answers on the socket after {@link #DYING}
     * (a dying agent's stops at once); removes a stale socket file left by one that died.
     */
    static void claim(Path socket, Path pidFile) {
        if (socket.toString().length() > UnixDomainServerConnector.MAX_UNIX_DOMAIN_PATH_LENGTH) {
            throw new InfrastructureException(Agent.PROVISIONER, "the agent socket path " + socket + " is longer than "
                    + UnixDomainServerConnector.MAX_UNIX_DOMAIN_PATH_LENGTH + " characters, the Unix socket limit",
                    "Starting the host agent", "Use a shorter HIVEMIND_HOME");
        }
        // the caller holds the agent's lock, so what answers is an agent that is dying (the kernel lets go of the lock
        // before it closes the socket) or one too old to take the lock: the first stops answering at once
        long deadline = System.nanoTime() + DYING.toNanos();
        while (answers(socket)) {
            if (System.nanoTime() >= deadline) {
                throw alreadyRunning(socket, pidFile);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw alreadyRunning(socket, pidFile);
            }
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale agent socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Another agent serves this home: the error naming it. */
    static InfrastructureException alreadyRunning(Path socket, Path pidFile) {
        return new InfrastructureException(Agent.PROVISIONER, "another host agent" + pidOf(pidFile)
                + " is already running on " + socket, "Starting the host agent",
                "Use the running agent (hivemind agent status), or stop it first with: hivemind agent stop");
    }

    private static String pidOf(Path pidFile) {
        try {
            return " (pid " + Files.readString(pidFile, StandardCharsets.UTF_8).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
