package dev.hivemind.engine.report;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.state.DeploymentState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param running    whether it runs: its address accepted a TCP connection when these facts were gathered and, for a
 *                   cluster HiveMind runs whose data directory can be read, its postmaster ({@code postmaster.pid})
 *                   is alive — a port answered by another server (an old cluster that outlived {@code agent stop})
 *                   is not this database running
 * @param lastBackup the newest {@code pg_dump} taken before a migration, of this deployment or an earlier one
 * @param why        what contradicts the port probe, when something does
 */
public record DatabaseFacts(DatabaseInfo info, boolean running, Optional<String> lastBackup, Optional<String> why) {
    /** How long a connection to the database may take before it counts as not running. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The facts of the deployment's database, its address probed now; empty when the deployment gave its app none.
     *
     * @param history the app's deployments (any order); the last backup is the newest of the deployment and those
     *                before it that have one
     */
    public static Optional<DatabaseFacts> of(DeploymentState state, List<DeploymentState> history) {
        return state.database().map(info -> facts(info, lastBackup(state, history)));
    }

    private static DatabaseFacts facts(DatabaseInfo info, Optional<String> lastBackup) {
        boolean accepts = accepts(info.host(), info.port());
        Optional<Path> data = info.dataDirectory().filter(directory -> info.provisioned()).map(Path::of)
                .filter(Files::isDirectory);
        if (data.isEmpty()) {
            return new DatabaseFacts(info, accepts, lastBackup, Optional.empty());
        }
        Optional<Long> postmaster = postmaster(data.get());
        String address = info.host() + ":" + info.port();
        if (accepts && postmaster.isEmpty()) {
            return new DatabaseFacts(info, false, lastBackup, Optional.of("the cluster in " + data.get()
                    + " is not running (no live postmaster.pid), though another server accepts connections on "
                    + address));
        }
        if (!accepts && postmaster.isPresent()) {
            return new DatabaseFacts(info, false, lastBackup, Optional.of("its server (pid " + postmaster.get()
                    + ") runs, but nothing accepts connections on " + address));
        }
        return new DatabaseFacts(info, accepts, lastBackup, Optional.empty());
    }

    /** The pid on the first line of the data directory's {@code postmaster.pid}, when that process is alive. */
    static Optional<Long> postmaster(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(process -> pid);
        } catch (IOException | RuntimeException noLiveServer) {
            return Optional.empty();
        }
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
                : "given by DATABASE_URL") + ")" + (info.appConnected().filter(used -> !used).isPresent()
                ? ", NOT USED BY THE APP" : ""));
        info.appConnected().ifPresent(used -> lines.add("Used by the app: " + (used ? "yes (the release connected "
                + "as role " + info.role() + " when it started)" : "no: the release opened no connection to it when "
                + "it started, so the app keeps its data elsewhere (an embedded database?); see the deployment's "
                + "warning")));
        info.dataDirectory().ifPresent(directory -> lines.add("Data directory: " + directory));
        lines.add("Running: " + (running ? "yes (accepts connections on " + address + ")"
                : "no (" + why.orElse("nothing accepts connections on " + address) + ")" + (info.provisioned()
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
