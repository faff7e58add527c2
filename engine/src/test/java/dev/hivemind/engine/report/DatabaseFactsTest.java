package dev.hivemind.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.stage.DatabaseChoice;
import dev.hivemind.engine.state.JournalWriterTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What status and the report say of an app's database; "running" is probed on a real socket. */
class DatabaseFactsTest {
    private static final String DATA = "/home/h/apps/shop/database/cluster/data";

    private static DatabaseInfo local(int port, Optional<String> backup) {
        return new DatabaseInfo("postgresql", true, "127.0.0.1", port, "shop", "shop", Optional.of(DATA),
                Optional.of("/home/h/apps/shop/database/password"), backup, Optional.of("16"));
    }

    private static DeploymentState deployment(String id, String app, Optional<DatabaseInfo> database) {
        return DeploymentState.initial(id, app, "local", "", new DeployRequest("/srv/" + app, Optional.empty(),
                Strategy.BLUE_GREEN, Optional.empty(), false), ReportStates.AT).withDatabase(database);
    }

    @Test
    void aRunningPrivateClusterShowsItsVersionAddressDataDirectoryAndLastBackup() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            DeploymentState first = deployment("20261122-000000-000-0000000001", "shop",
                    Optional.of(local(port, Optional.of("/b/first.dump"))));
            DeploymentState second = deployment("20261122-000000-000-0000000002", "shop",
                    Optional.of(local(port, Optional.of("/b/second.dump"))));
            DeploymentState third = deployment("20261122-000000-000-0000000003", "shop",
                    Optional.of(local(port, Optional.empty())));
            DeploymentState otherApp = deployment("20261122-000000-000-0000000004", "blog",
                    Optional.of(local(port, Optional.of("/b/blog.dump"))));

            DatabaseFacts facts = DatabaseFacts.of(third, List.of(otherApp, first, second)).orElseThrow();

            assertThat(facts.lines()).containsExactly(
                    "Database: postgresql 16 on 127.0.0.1:" + port + ", database shop (run by HiveMind)",
                    "Data directory: " + DATA,
                    "Running: yes (accepts connections on 127.0.0.1:" + port + ")",
                    "Last migration backup: /b/second.dump");
            assertThat(DatabaseFacts.of(first, List.of(second, third)).orElseThrow().lastBackup())
                    .as("a later deployment's backup is not the last one of an earlier deployment")
                    .contains("/b/first.dump");
        }
    }

    @Test
    void aStoppedClusterSaysHowToStartItAndAnAppWithoutDatabaseHasNoFacts() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        DeploymentState state = deployment("20261122-000000-000-0000000001", "shop",
                Optional.of(local(port, Optional.empty())));

        assertThat(DatabaseFacts.of(state, List.of()).orElseThrow().lines()).contains(
                "Running: no (nothing accepts connections on 127.0.0.1:" + port + "); hivemind agent start, or a "
                        + "deploy, starts it", "Last migration backup: none");
        assertThat(DatabaseFacts.of(deployment("20261122-000000-000-0000000001", "shop", Optional.empty()), List.of()))
                .isEmpty();
    }

    @Test
    void anotherServerOnThePortIsNotTheClusterRunningAndALivePostmasterIs(@org.junit.jupiter.api.io.TempDir
                                                                        java.nio.file.Path data) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            DatabaseInfo info = new DatabaseInfo("postgresql", true, "127.0.0.1", port, "shop", "shop",
                    Optional.of(data.toString()), Optional.empty(), Optional.empty(), Optional.of("16"));
            DeploymentState state = deployment("20261122-000000-000-0000000001", "shop", Optional.of(info));

            // the cluster is stopped (an old postmaster.pid of a dead process), yet something answers on its port
            java.nio.file.Files.writeString(data.resolve("postmaster.pid"), "2147483000\n" + data + "\n0\n" + port
                    + "\n");
            DatabaseFacts stopped = DatabaseFacts.of(state, List.of()).orElseThrow();
            // its postmaster runs (this JVM's pid stands for it)
            java.nio.file.Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n");
            DatabaseFacts running = DatabaseFacts.of(state, List.of()).orElseThrow();

            assertThat(stopped.running()).isFalse();
            assertThat(stopped.lines()).contains("Running: no (the cluster in " + data + " is not running (no live "
                    + "postmaster.pid), though another server accepts connections on 127.0.0.1:" + port
                    + "); hivemind agent start, or a deploy, starts it");
            assertThat(running.running()).isTrue();
            assertThat(running.lines()).contains("Running: yes (accepts connections on 127.0.0.1:" + port + ")");
        }
    }

    @Test
    void aGivenDatabaseUrlShowsNoDataDirectoryNorVersionAndTheReportHasADatabaseSection() {
        DatabaseInfo given = DatabaseChoice.describe("postgresql://app:s3cret-pw@127.0.0.1:1/orders");
        DeploymentState state = deployment("20261122-000000-000-0000000001", "shop", Optional.of(given));

        List<String> lines = DatabaseFacts.of(state, List.of()).orElseThrow().lines();
        String report = new MarkdownReport().render(ReportModel.of(state));

        assertThat(lines).containsExactly("Database: postgresql on 127.0.0.1:1, database orders (given by DATABASE_URL)",
                "Running: no (nothing accepts connections on 127.0.0.1:1)", "Last migration backup: none");
        assertThat(JournalWriterTest.section(report, "Database")).contains("- Database: postgresql on 127.0.0.1:1")
                .contains("- Running: no");
        assertThat(report).doesNotContain("s3cret-pw");
    }

    @Test
    void aDatabaseTheAppDidNotConnectToIsNotSaidToBeUsedAndOneItConnectedToIs() {
        DeploymentState unused = deployment("20261122-000000-000-0000000001", "shop",
                Optional.of(local(1, Optional.empty()).withAppConnected(false)));
        DeploymentState used = deployment("20261122-000000-000-0000000002", "shop",
                Optional.of(local(1, Optional.empty()).withAppConnected(true)));

        assertThat(DatabaseFacts.of(unused, List.of()).orElseThrow().lines()).contains(
                "Database: postgresql 16 on 127.0.0.1:1, database shop (run by HiveMind), NOT USED BY THE APP",
                "Used by the app: no: the release opened no connection to it when it started, so the app keeps its "
                        + "data elsewhere (an embedded database?); see the deployment's warning");
        assertThat(DatabaseFacts.of(used, List.of()).orElseThrow().lines()).contains(
                "Database: postgresql 16 on 127.0.0.1:1, database shop (run by HiveMind)",
                "Used by the app: yes (the release connected as role shop when it started)");
    }
}
