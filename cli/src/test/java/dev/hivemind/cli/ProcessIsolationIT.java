package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.supervisor.ProcStat;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as its own process, as an operator runs it: what its environment holds reaches neither the host agent nor
 * an app, and what it runs for a deployment (a build, a hook) dies with it when it is killed.
 */
class ProcessIsolationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-token-of-the-operator";

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void theOperatorsEnvironmentReachesNeitherTheAgentNorTheApp() throws Exception {
        // given an operator's shell holding a token, and a Python app (its virtual environment first on its PATH)
        // that answers /env with the environment it sees
        Path app = environmentReporter(work.resolve("reporter"));
        int port = CliHarness.freePort();

        CliHarness cli = new CliHarness(home, work);
        try {
            // when the CLI, started from that shell, deploys it with a variable of its own
            Process deploy = startCli(Map.of("SECRET_TOKEN", SECRET), "deploy", app.toString(), "--port",
                    String.valueOf(port), "--env", "APP_SETTING=for-the-app");
            assertThat(deploy.waitFor(300, TimeUnit.SECONDS)).as("the deploy finished").isTrue();
            assertThat(deploy.exitValue()).as(Files.readString(work.resolve("cli.log"))).isZero();

            // then the app sees its own variable and the base, not the token nor HIVEMIND_HOME
            Http.Answer answer = Http.get("http://127.0.0.1:" + port + "/env");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            Map<String, String> seen = JSON.readValue(answer.body(), JSON.getTypeFactory()
                    .constructMapType(Map.class, String.class, String.class));
            assertThat(seen).doesNotContainKeys("SECRET_TOKEN", "HIVEMIND_HOME")
                    .containsEntry("APP_SETTING", "for-the-app").containsEntry("HOST", "127.0.0.1")
                    .containsKeys("PORT", "LANG");
            assertThat(seen.values()).noneMatch(value -> value.contains(SECRET));
            Path release = Path.of(seen.get("HOME"));
            assertThat(release).as("HOME is the release directory").isDirectory().startsWith(home);
            assertThat(seen.get("PATH")).startsWith(release.resolve(".venv/bin") + ":");

            // and the host agent the CLI started holds no token either
            long agent;
            try (AgentClient client = AgentClient.connect(new HivemindHome(home))) {
                agent = client.status().pid();
            }
            Map<String, String> agentEnvironment = environ(agent);
            assertThat(agentEnvironment).doesNotContainKey("SECRET_TOKEN")
                    .containsOnlyKeys("PATH", "HOME", "LANG", "HIVEMIND_HOME");
        } finally {
            cli.close(); // stops the agent and the app
        }
    }

    @Test
    void aBuildOfAKilledCliDiesWithItAndResumeBuildsAgain() throws Exception {
        Path app = hangingOnce(work.resolve("hanging-build"), "build: ");
        assertKilledCliLeavesNothingRunning(app, "building");
    }

    @Test
    void aHookOfAKilledCliDiesWithIt() throws Exception {
        Path app = hangingOnce(work.resolve("hanging-hook"), "hooks:\n  pre-build: ");
        assertKilledCliLeavesNothingRunning(app, "analyzing");
    }

    private void assertKilledCliLeavesNothingRunning(Path app, String status) throws Exception {
        // given a deploy whose command (and a child it started in the background) hangs the first time
        int port = CliHarness.freePort();
        Process deploy = startCli(Map.of(), "deploy", app.toString(), "--port", String.valueOf(port));
        long command;
        long child;
        try {
            command = awaitPid(work.resolve("command.pid"), deploy);
            child = awaitPid(work.resolve("child.pid"), deploy);
            assertThat(alive(command)).isTrue();
        } finally {
            // when the CLI is killed with SIGKILL: no shutdown hook runs
            deploy.destroyForcibly();
            deploy.waitFor();
        }

        // then the command and its child end with it
        assertThat(awaitGone(command, Duration.ofSeconds(5))).as("the command (pid %d) ended", command).isTrue();
        assertThat(awaitGone(child, Duration.ofSeconds(5))).as("its child (pid %d) ended", child).isTrue();

        // and resume completes the deployment, leaving nothing of the first attempt running
        Files.writeString(work.resolve("go-on"), "");
        String id = deploymentId(status);
        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result resumed = cli.run("resume", id);

            assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
            assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).isEqualTo("built once\n");
            assertThat(alive(command) || alive(child)).isFalse();
        }
    }

    /** A Node app whose build command or hook ({@code key}) hangs, with a background child, until go-on exists. */
    private Path hangingOnce(Path app, String key) throws IOException {
        Files.createDirectories(app);
        Files.writeString(app.resolve("package.json"), """
                {"name": "hanging", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """);
        Files.writeString(app.resolve("server.js"), """
                require('http').createServer((req, res) => res.end('built once\\n'))
                  .listen(Number(process.env.PORT), process.env.HOST);
                """);
        String command = "if [ -f %1$s/go-on ]; then echo going on; else sleep 300 & echo $! > %1$s/child.pid; "
                + "echo $$ > %1$s/command.pid; wait; fi";
        Files.writeString(app.resolve("hivemind.yaml"), key + "\"" + command.formatted(work) + "\"\n");
        return app;
    }

    /** A Python app with a (empty) requirements file, so it runs from a virtual environment; /env is its env. */
    private static Path environmentReporter(Path app) throws IOException {
        Files.createDirectories(app);
        Files.writeString(app.resolve("requirements.txt"), "");
        Files.writeString(app.resolve("Procfile"), "web: python app.py\n");
        Files.writeString(app.resolve("app.py"), """
                import json
                import os
                from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


                class Handler(BaseHTTPRequestHandler):
                    def do_GET(self):
                        body = (json.dumps(dict(os.environ)) if self.path == "/env" else "ok").encode("utf-8")
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)


                ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
                """);
        return app;
    }

    private Process startCli(Map<String, String> shell, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = Stream.concat(Stream.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()), Arrays.stream(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().putAll(shell);
        builder.environment().put("HIVEMIND_HOME", home.toString());
        builder.redirectErrorStream(true).redirectOutput(new File(work.resolve("cli.log").toString()));
        return builder.start();
    }

    /** The one deployment under the home, which the killed CLI left {@code status}. */
    private String deploymentId(String status) throws IOException {
        try (Stream<Path> deployments = Files.list(home.resolve("deployments"))) {
            Path deployment = deployments.toList().getFirst();
            JsonNode state = JSON.readTree(deployment.resolve("state.json").toFile());
            assertThat(state.get("status").asText()).isEqualTo(status);
            return deployment.getFileName().toString();
        }
    }

    private long awaitPid(Path file, Process cli) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!(Files.exists(file) && Files.readString(file).endsWith("\n"))) {
            if (Instant.now().isAfter(deadline) || !cli.isAlive()) {
                throw new AssertionError(file + " was not written; CLI output:\n"
                        + Files.readString(work.resolve("cli.log")));
            }
            Thread.sleep(50);
        }
        return Long.parseLong(Files.readString(file).trim());
    }

    private static Map<String, String> environ(long pid) throws IOException {
        return Arrays.stream(Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0"))
                .filter(entry -> entry.contains("="))
                .collect(Collectors.toMap(entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1)));
    }

    /** Running and not a zombie (nothing may reap an orphan in a container). */
    private static boolean alive(long pid) {
        return ProcStat.read(pid).filter(process -> !process.exited()).isPresent();
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (alive(pid)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
