package dev.hivemind.engine.report;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.state.DeploymentState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code hivemind status APP} and the report say of an app's database: its kind and version, address, name,
 * data directory, whether it accepts connections now, and the last backup taken before a migration. Never the
 * password (the state holds none; only the 0600 file's path).
 *
 * @param info       the database the deployment gave the app
 * @param running    whether its address accepted a TCP connection when these facts were gathered
 * @param lastBackup the newest {@code pg_dump} taken before a migration, of this deployment or an earlier one
 */
public record DatabaseFacts(DatabaseInfo info, boolean running, Optional<String> lastBackup) {
    /** How long a connection to the database may take before it counts as not running. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The facts of the deployment's database, its address probed now; empty when the deployment gave its app none.
     *
     * @param history the app's deployments (any order); the last backup is the newest of the deployment and those
     *                before it that have one
     */
    public static Optional<DatabaseFacts> of(DeploymentState state, List<DeploymentState> history) {
        return state.database().map(info -> new DatabaseFacts(info, accepts(info.host(), info.port()),
                lastBackup(state, history)));
    }

    private static Optional<String> lastBackup(DeploymentState state, List<DeploymentState> history) {
        Stream<DeploymentState> earlier = history.stream().filter(other -> other.app().equals(state.app()))
                .filter(other -> other.deploymentId().compareTo(state.deploymentId()) < 0)
                .sorted((a, b) -> b.deploymentId().compareTo(a.deploymentId()));
        return Stream.concat(Stream.of(state), earlier).flatMap(other -> other.database().stream())
                .flatMap(info -> info.backupPath().stream()).findFirst();
    }

    /** The facts as lines, e.g. {@code Database: postgresql 16 on 127.0.0.1:5433, database shop (run by HiveMind)}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String address = info.host() + ":" + info.port();
        lines.add("Database: " + info.engine() + info.version().map(version -> " " + version).orElse("") + " on "
                + address + ", database " + info.database() + " (" + (info.provisioned() ? "run by HiveMind"
                : "given by DATABASE_URL") + ")");
        info.dataDirectory().ifPresent(directory -> lines.add("Data directory: " + directory));
        lines.add("Running: " + (running ? "yes (accepts connections on " + address + ")"
                : "no (nothing accepts connections on " + address + ")" + (info.provisioned()
                ? "; hivemind agent start, or a deploy, starts it" : "")));
        lines.add("Last migration backup: " + lastBackup.orElse("none"));
        return lines;
    }

    /** Whether something accepts a TCP connection on {@code host:port} within {@link #CONNECT_TIMEOUT}. */
    static boolean accepts(String host, int port) {
        if (port < 1 || port > 65535) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
