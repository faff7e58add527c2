package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.host.PrivateFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/node-postgres with a private PostgreSQL made from Debian's server binaries (as root here, so the cluster
 * runs as the postgres user): DATABASE_URL reaches the app, its migration runs before each release, data survives a
 * redeploy and a destroy, a failed migration leaves the serving release alone, rollback points at the backup, and
 * only --purge-data deletes the cluster. The password is in its 0600 file and in no state, journal or log.
 */
class NodePostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "notes-db";

    @TempDir
    Path home;
    @TempDir
    Path work;

    private CliHarness cli;

    @AfterEach
    void purge() {
        if (cli != null) {
            cli.run("destroy", APP, "--auto-approve", "--purge-data");
            cli.close();
        }
    }

    @Test
    void deploysWithAPrivateDatabaseWhoseDataSurvivesRedeployAndDestroy() throws Exception {
        cli = new CliHarness(home, work);
        Path source = CliHarness.copyOfExample("node-postgres", work.resolve("node-postgres"));
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port;

        JsonNode first = deployed(source, port);
        JsonNode database = first.get("database");
        assertThat(database.get("engine").asText()).isEqualTo("postgresql");
        assertThat(database.get("provisioned").asBoolean()).isTrue();
        assertThat(database.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(database.get("role").asText()).isEqualTo("notes_db");
        Path dataDirectory = Path.of(database.get("data_directory").asText());
        Path passwordFile = Path.of(database.get("password_file").asText());
        assertThat(dataDirectory).startsWith(home).isDirectory();
        assertThat(PrivateFiles.mode(passwordFile)).isEqualTo("rw-------");
        assertThat(first.get("tech_stack").get("migrate_command").asText()).isEqualTo("npm run migrate");
        assertThat(Http.get(url + "/database")).as("DATABASE_URL reaches the app")
                .isEqualTo(new Http.Answer(200, "{\"role\":\"notes_db\",\"database\":\"notes_db\"}"));
        assertThat(Http.post(url + "/notes", "first note").status()).isEqualTo(201);

        JsonNode second = deployed(source, port);
        assertThat(Http.get(url + "/notes").body()).as("data kept across a redeploy").contains("first note");
        assertThat(second.get("database").get("port").asInt()).isEqualTo(database.get("port").asInt());
        Path backup = Path.of(second.get("database").get("backup_path").asText());
        assertThat(backup).startsWith(home).isRegularFile();
        assertThat(PrivateFiles.mode(backup)).isEqualTo("rw-------");
        assertThat(new String(Files.readAllBytes(backup), 0, 5, StandardCharsets.US_ASCII))
                .as("pg_dump's custom format").isEqualTo("PGDMP");
        assertThat(Files.readString(home.resolve("deployments").resolve(second.get("deployment_id").asText())
                .resolve("journal.md"))).contains("Backup before this deployment's migration: " + backup);

        String password = Files.readString(passwordFile).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(filesHolding(home.resolve("deployments"), password)).as("files with the password").isEmpty();

        CliHarness.Result rollback = cli.run("rollback", APP);
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("a rollback does not undo a schema change")
                .contains("Latest backup, taken before a migration: " + backup)
                .contains("pg_restore --clean --if-exists --no-owner --host=127.0.0.1 --port="
                        + database.get("port").asInt() + " --username=notes_db --dbname=notes_db " + backup)
                .doesNotContain(password);

        CliHarness.Result destroyed = cli.run("destroy", APP, "--auto-approve");
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(destroyed.out()).contains("Kept the data of its PostgreSQL in " + dataDirectory);
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();
        assertThat(dataDirectory.resolve("postmaster.pid")).as("the cluster is stopped").doesNotExist();

        deployed(source, port);
        assertThat(Http.get(url + "/notes").body()).as("data kept across destroy and deploy").contains("first note");

        CliHarness.Result purged = cli.run("destroy", APP, "--auto-approve", "--purge-data");
        assertThat(purged.exitCode()).as(purged.toString()).isZero();
        assertThat(purged.out()).contains("Deleted the PostgreSQL cluster of " + APP);
        assertThat(dataDirectory).doesNotExist();
        assertThat(passwordFile).doesNotExist();
        assertThat(AppProcesses.under(home)).as("processes working in the home").isEmpty();
    }

    /**
     * Also: after a reboot-like loss of every process (agent, instances, PostgreSQL), {@code hivemind agent start}
     * typed by hand brings the database up before the app, which answers with its data; status and the report show
     * the database without its password; and a cluster killed alone is started again by the next deploy.
     */
    @Test
    void aFailedMigrationFailsTheDeploymentAndLeavesTheServingReleaseAlone() throws Exception {
        cli = new CliHarness(home, work);
        Path source = CliHarness.copyOfExample("node-postgres", work.resolve("node-postgres"));
        int port = CliHarness.freePort();
        JsonNode first = deployed(source, port);
        assertThat(Http.post("http://127.0.0.1:" + port + "/notes", "kept").status()).isEqualTo(201);
        String dataDirectory = first.get("database").get("data_directory").asText();
        String password = Files.readString(Path.of(first.get("database").get("password_file").asText())).strip();

        killEverything(dataDirectory);
        CliHarness.Result started = cli.run("agent", "start");

        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(awaitNotes("http://127.0.0.1:" + port + "/notes")).as("the app answers with its old data")
                .contains("kept");
        assertThat(Files.readString(home.resolve("agent/agent.log"))).contains("backing service postgresql started")
                .doesNotContain(password);
        showsTheDatabase(first, password);

        killEveryProcessOf(dataDirectory);
        Files.writeString(source.resolve("hivemind.yaml"), "migrate: \"echo 'relation users is missing' >&2; exit 3\"\n"
                + "health:\n  path: /health\n");

        CliHarness.Result failed = cli.run("deploy", source.toString(), "--app", APP, "--port", String.valueOf(port));

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).contains("the migration `echo 'relation users is missing' >&2; exit 3` failed with "
                + "exit code 3").contains("relation users is missing")
                .contains("the release serving now was not touched")
                .contains("restore the backup taken before it: " + home.resolve("apps").resolve(APP));
        assertThat(Http.get("http://127.0.0.1:" + port + "/notes").body()).contains("kept");
    }

    @Test
    void aMysqlAppWithoutDatabaseUrlStopsInPreflightBeforeAnythingIsCreated() throws Exception {
        cli = new CliHarness(home, work);
        Path app = Files.createDirectories(work.resolve("shop-mysql"));
        Files.writeString(app.resolve("package.json"), "{\"name\": \"shop-mysql\", \"version\": \"1.0.0\", "
                + "\"scripts\": {\"start\": \"node server.js\"}, \"dependencies\": {\"mysql2\": \"^3\"}}\n");
        // the app uses the driver it lists (a listed driver that no code imports is a decoy, not a database)
        Files.writeString(app.resolve("server.js"), "const mysql = require('mysql2');\n"
                + "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");

        CliHarness.Result result = cli.run("deploy", app.toString(), "--port", String.valueOf(CliHarness.freePort()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.PREFLIGHT_FAILED);
        assertThat(result.err()).contains("the app uses mysql, which HiveMind does not run itself, and no "
                + "DATABASE_URL is given").contains("--env DATABASE_URL=...");
        assertThat(home.resolve("apps").resolve("shop-mysql").resolve("database")).doesNotExist();
        assertThat(result.err()).doesNotContain("provision");
    }

    private void showsTheDatabase(JsonNode deployment, String password) {
        JsonNode database = deployment.get("database");
        String version = database.get("version").asText();
        assertThat(version).matches("\\d+");
        String address = "127.0.0.1:" + database.get("port").asInt();
        CliHarness.Result status = cli.run("status", APP);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("  Database: postgresql " + version + " on " + address
                        + ", database notes_db (run by HiveMind)")
                .contains("  Data directory: " + database.get("data_directory").asText())
                .contains("  Running: yes (accepts connections on " + address + ")")
                .contains("  Last migration backup: " + database.get("backup_path").asText()).doesNotContain(password);
        CliHarness.Result report = cli.run("report", APP);
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("## Database").contains("Database: postgresql " + version + " on " + address)
                .contains("Running: yes").doesNotContain(password);
    }

    /** Like a power loss: the agent, the app's instances and PostgreSQL are killed at once, without a chance to stop. */
    private void killEverything(String dataDirectory) throws Exception {
        long agentPid = Long.parseLong(Files.readString(home.resolve("agent/agent.pid")).strip());
        ProcessHandle agent = ProcessHandle.of(agentPid).orElseThrow();
        // the agent's supervisor first, or its agent standing by would take over at once
        long supervisorPid = Long.parseLong(Files.readString(home.resolve("agent/supervisor.pid")).strip());
        ProcessHandle.of(supervisorPid).ifPresent(supervisor -> {
            List<ProcessHandle> under = supervisor.descendants().filter(process -> process.pid() != agentPid).toList();
            supervisor.destroyForcibly();
            under.forEach(ProcessHandle::destroyForcibly);
        });
        List<ProcessHandle> inHome = AppProcesses.under(home).stream()
                .map(line -> Long.parseLong(line.substring(0, line.indexOf(' '))))
                .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        agent.destroyForcibly();
        killEveryProcessOf(dataDirectory);
        inHome.forEach(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 100 && (agent.isAlive() || !AppProcesses.under(home).isEmpty()); i++) {
            Thread.sleep(100);
        }
        assertThat(agent.isAlive()).as("the agent").isFalse();
        assertThat(AppProcesses.under(home)).as("processes left in the home").isEmpty();
    }

    private static String awaitNotes(String url) throws Exception {
        Http.Answer answer = new Http.Answer(0, "");
        for (int i = 0; i < 60 && answer.status() != 200; i++) {
            Thread.sleep(500);
            answer = Http.get(url);
        }
        return answer.body();
    }

    private static void killEveryProcessOf(String dataDirectory) throws Exception {
        List<ProcessHandle> server = ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .filter(line -> line.contains(dataDirectory)).isPresent()).toList();
        assertThat(server).as("the cluster's postmaster").isNotEmpty();
        server.forEach(process -> {
            process.children().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        for (int i = 0; i < 100 && server.stream().anyMatch(ProcessHandle::isAlive); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
    }

    private JsonNode deployed(Path source, int port) throws Exception {
        CliHarness.Result result = cli.run("deploy", source.toString(), "--app", APP, "--port", String.valueOf(port),
                "--output", "json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        return state;
    }

    private static List<Path> filesHolding(Path directory, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(secret);
                } catch (java.io.IOException e) {
                    return true;
                }
            }).toList();
        }
    }
}
