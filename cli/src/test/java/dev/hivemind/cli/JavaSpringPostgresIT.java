package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.host.PostgresInstall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/java-spring-postgres, a Spring Boot app on embedded H2 by default with a {@code postgres} profile, built
 * with the real Maven from Maven Central and deployed with the private PostgreSQL HiveMind provisions: the analyzer
 * says the profile offers PostgreSQL, the app runs on it (the profile active, SPRING_DATASOURCE_URL given), a row
 * written through its HTTP API before a redeploy is still there after it, both through the app and by querying
 * PostgreSQL directly with psql; status says the app uses the database. And an app given a database it never
 * connects to is warned about loudly, in the deploy's output, the journal, status and the report; and
 * {@code agent stop} stops the apps' PostgreSQL too (status says it is not running) until {@code agent start}.
 */
class JavaSpringPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "spring-notes";

    @TempDir
    Path home;
    @TempDir
    Path work;

    private CliHarness cli;
    private String app = APP;

    @AfterEach
    void purge() {
        if (cli != null) {
            cli.run("destroy", app, "--auto-approve", "--purge-data");
            cli.close();
        }
    }

    @Test
    void aRowWrittenBeforeARedeployIsInTheProvisionedPostgresqlAfterIt() throws Exception {
        cli = new CliHarness(home, work);
        Path source = CliHarness.copyOfExample("java-spring-postgres", work.resolve("java-spring-postgres"));
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port;

        CliHarness.Result analyzed = cli.run("analyze", source.toString());
        assertThat(analyzed.exitCode()).as(analyzed.toString()).isZero();
        assertThat(analyzed.out()).contains("postgresql (offered by its postgres profile; embedded by default")
                .contains("database_type postgresql offered by the postgres profile")
                .doesNotContain("(needs a server)");

        CliHarness.Result first = deploy(source, port);
        assertThat(first.err()).contains("is connected to its postgresql (role spring_notes on database "
                + "spring_notes)").doesNotContain("THE APP DOES NOT USE ITS DATABASE");
        assertThat(Http.get(url + "/database").body()).as("the app runs on PostgreSQL, not H2")
                .contains("\"product\":\"PostgreSQL\"");
        assertThat(Http.post(url + "/notes", "written before the redeploy").status()).isEqualTo(201);

        JsonNode state = JSON.readTree(deploy(source, port, "--output", "json").out());

        assertThat(state.get("database").get("app_connected").asBoolean()).isTrue();
        assertThat(Http.get(url + "/notes").body()).as("through the app, after the redeploy")
                .contains("written before the redeploy");
        assertThat(psql(state, "SELECT body FROM notes")).as("in PostgreSQL itself")
                .contains("written before the redeploy");
        CliHarness.Result status = cli.run("status", APP);
        assertThat(status.out()).contains("Used by the app: yes (the release connected as role spring_notes")
                .doesNotContain("NOT USED BY THE APP");
    }

    @Test
    void anAppThatNeverConnectsToTheDatabaseItWasGivenIsWarnedAboutLoudly() throws Exception {
        app = "unused-db";
        cli = new CliHarness(home, work);
        Path source = CliHarness.copyOfExample("node-postgres", work.resolve("unused-db"));
        // it loads the driver but keeps its notes in memory: they are lost with every release
        Files.writeString(source.resolve("server.js"), "require('pg');\nconst notes = [];\n"
                + "require('http').createServer((q, s) => s.end(JSON.stringify(notes)))"
                + ".listen(process.env.PORT, '127.0.0.1');\n");
        Files.writeString(source.resolve("hivemind.yaml"), "health:\n  path: /\n");

        CliHarness.Result deployed = cli.run("deploy", source.toString(), "--app", app, "--port",
                String.valueOf(CliHarness.freePort()));

        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        String warning = "THE APP DOES NOT USE ITS DATABASE: release " + deployed.deploymentId() + " of unused-db "
                + "opened no connection to the postgresql HiveMind runs for it (role unused_db on database unused_db";
        assertThat(deployed.err()).contains("WARNING: " + warning).contains("Make it read DATABASE_URL");
        assertThat(Files.readString(home.resolve("deployments").resolve(deployed.deploymentId())
                .resolve("journal.md"))).contains(warning);
        CliHarness.Result status = cli.run("status", app);
        assertThat(status.out()).contains("database unused_db (run by HiveMind), NOT USED BY THE APP")
                .contains("Used by the app: no: the release opened no connection to it");
        assertThat(cli.run("report", app).out()).contains("NOT USED BY THE APP");
    }

    @Test
    void agentStopStopsTheAppsPostgresqlAndStatusSaysSoUntilAgentStartBringsItBack() throws Exception {
        app = "notes-stop";
        cli = new CliHarness(home, work);
        Path source = CliHarness.copyOfExample("node-postgres", work.resolve("notes-stop"));
        int port = CliHarness.freePort();
        CliHarness.Result deployed = cli.run("deploy", source.toString(), "--app", app, "--port",
                String.valueOf(port), "--output", "json");
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        JsonNode database = JSON.readTree(deployed.out()).get("database");
        Path data = Path.of(database.get("data_directory").asText());
        String address = "127.0.0.1:" + database.get("port").asInt();
        assertThat(data.resolve("postmaster.pid")).exists();

        CliHarness.Result stopped = cli.run("agent", "stop");

        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(stopped.out()).contains("Stopped the PostgreSQL of notes-stop (its data is kept; hivemind agent "
                + "start starts it again before the app)");
        assertThat(data.resolve("postmaster.pid")).as("the cluster is stopped").doesNotExist();
        assertThat(cli.run("status", app).out()).contains("Running: no (nothing accepts connections on " + address
                + ")");

        CliHarness.Result started = cli.run("agent", "start");

        assertThat(started.exitCode()).as(started.toString()).isZero();
        for (int i = 0; i < 120 && !Files.exists(data.resolve("postmaster.pid")); i++) {
            Thread.sleep(250); // the agent starts the app's backing services as it brings the app back
        }
        assertThat(data.resolve("postmaster.pid")).as("the agent started the cluster again").exists();
        assertThat(awaitStatus("Running: yes")).contains("Running: yes (accepts connections on " + address + ")");
    }

    private String awaitStatus(String wanted) throws InterruptedException {
        String shown = cli.run("status", app).out();
        for (int i = 0; i < 60 && !shown.contains(wanted); i++) {
            Thread.sleep(500);
            shown = cli.run("status", app).out();
        }
        return shown;
    }

    private CliHarness.Result deploy(Path source, int port, String... more) {
        List<String> arguments = new java.util.ArrayList<>(List.of("deploy", source.toString(), "--app", APP,
                "--port", String.valueOf(port)));
        arguments.addAll(List.of(more));
        CliHarness.Result result = cli.run(arguments.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /** A query run by the server's own psql as the app's role, with the password from its 0600 file. */
    private static String psql(JsonNode state, String query) throws IOException, InterruptedException {
        JsonNode database = state.get("database");
        Path bin = PostgresInstall.binDirectory().orElseThrow();
        String password = Files.readString(Path.of(database.get("password_file").asText())).strip();
        ProcessBuilder builder = new ProcessBuilder(List.of(bin.resolve("psql").toString(), "--no-psqlrc", "-tA",
                "--host=127.0.0.1", "--port=" + database.get("port").asInt(), "--username="
                + database.get("role").asText(), "--dbname=" + database.get("database").asText(), "-c", query))
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
