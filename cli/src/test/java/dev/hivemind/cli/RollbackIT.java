package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hivemind rollback} right after a deploy, for real: the replaced release still drains a held request, so the
 * rollback switches back to its running instance at once (same pid, no restart, no waiting on the drain); a second
 * rollback, to a release already stopped, starts it again. Both finish promptly and no request fails meanwhile.
 */
class RollbackIT {
    /**
     * Generous on a loaded 2-core machine: the in-process CLI, the agent's answers and (for the cold rollback) one Node
     * start with a 200 ms health probe take 1–5 s here; before the fix a rollback after a deploy took 9–56 s.
     */
    private static final Duration PROMPT = Duration.ofSeconds(15);

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aRollbackRightAfterADeploySwitchesToTheStillRunningReleaseAtOnce() throws Exception {
        Path app = holdingApp(work.resolve("shop"));
        Path release = TestApps.sharedWithApps(work, "signals").resolve("release-held-request");
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result first = deploy(cli, app, port, "v1", release);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            String v1 = activeRelease();
            long v1Pid = instance(v1).orElseThrow().pid().orElseThrow();

            try (LoadLoop load = new LoadLoop(url, 2)) {
                CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(
                        HttpRequest.newBuilder(URI.create(url + "hold")).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                CliHarness.Result second = deploy(cli, app, port, "v2", release);
                assertThat(second.exitCode()).as(second.toString()).isZero();
                String v2 = activeRelease();

                long started = System.nanoTime();
                CliHarness.Result warm = cli.run("rollback", "shop");
                Duration warmTook = Duration.ofNanos(System.nanoTime() - started);

                assertThat(warm.exitCode()).as(warm.toString()).isZero();
                assertThat(warmTook).as(warm.toString()).isLessThan(PROMPT);
                assertThat(warm.err()).as(warm.toString()).contains("release " + v1 + " still runs (1 instance(s) "
                        + "ready): switching back to it at once, no restart").doesNotContain("started 1 instance(s)");
                assertThat(warm.out()).containsPattern("Rolled back shop from " + v2 + " to " + v1
                        + " in \\d+ ms; traffic switched in \\d+ µs\\.");
                assertThat(instance(v1).orElseThrow().pid()).as("the same v1 process serves again").contains(v1Pid);
                assertThat(Http.get(url).body()).isEqualTo("hello v1");

                Files.createFile(release);
                assertThat(held.get(30, TimeUnit.SECONDS).body()).as("the held request to v1 was not cut")
                        .isEqualTo("held v1");

                awaitStopped(v2);
                started = System.nanoTime();
                CliHarness.Result cold = cli.run("rollback", "shop");
                Duration coldTook = Duration.ofNanos(System.nanoTime() - started);

                assertThat(cold.exitCode()).as(cold.toString()).isZero();
                assertThat(coldTook).as(cold.toString()).isLessThan(PROMPT);
                assertThat(cold.err()).contains("started 1 instance(s) of release " + v2)
                        .contains("traffic switched to " + v2);
                assertThat(Http.get(url).body()).isEqualTo("hello v2");
                load.close();
                assertThat(load.failures()).as("no request failed during the deploy and both rollbacks").isEmpty();
                assertThat(load.bodies()).contains("hello v1", "hello v2");
            }
            cli.run("destroy", "shop", "--auto-approve");
        }
    }

    /**
     * A rollback that finds its release still starting (an earlier rollback, killed, started it) waits for its startup
     * probe and switches to the same process; one whose release then misses its startup deadline fails clearly, saying
     * what to do, and traffic stays where it was.
     */
    @Test
    void aRollbackToAReleaseThatIsStillStartingWaitsForItsStartupProbe() throws Exception {
        Path app = holdingApp(work.resolve("shop"));
        Path sick = TestApps.sharedWithApps(work, "signals").resolve("sick");
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (CliHarness cli = new CliHarness(home, work)) {
            assertThat(slowDeploy(cli, app, port, "v1", "4000", sick).exitCode()).isZero();
            String v1 = activeRelease();
            assertThat(slowDeploy(cli, app, port, "v2", "0", sick).exitCode()).isZero();
            String v2 = activeRelease();
            awaitStopped(v1);

            // when one rollback starts v1 (4 s to listen) and is killed, and a second one finds v1 still starting
            long starting = killedWhileStarting(v1, "first-rollback.log");
            CliHarness.Result second = cli.run("rollback", "shop");

            // then the second waits for v1's startup probe and switches to that same process
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(second.err()).contains("release " + v1 + " runs but is not ready yet: waiting up to 10 s for "
                    + "its startup probe on /health, then switching to it").contains("traffic switched to " + v1).doesNotContain("started 1 instance");
            assertThat(instance(v1).orElseThrow().pid()).contains(starting);
            assertThat(Http.get(url).body()).isEqualTo("hello v1");

            // when v2, rolled back to the same way, never passes its startup probe within its 10 s deadline
            awaitStopped(v2);
            Files.createFile(sick);
            killedWhileStarting(v2, "third-rollback.log");
            CliHarness.Result fourth = cli.run("rollback", "shop");

            // then the rollback fails, says what to do, and v1 keeps the traffic
            assertThat(fourth.exitCode()).as(fourth.toString()).isEqualTo(1);
            assertThat(fourth.err()).contains("cannot roll shop back to release " + v2 + ", which was starting but did "
                    + "not become ready: ")
                    .contains("traffic stays on " + v1)
                    .contains("Roll back to another release with `hivemind rollback shop --to ID`");
            assertThat(Http.get(url).body()).isEqualTo("hello v1");
            cli.run("destroy", "shop", "--auto-approve");
        }
    }

    /** Runs {@code hivemind rollback shop} in a JVM of its own and kills it once the release it starts runs. */
    private long killedWhileStarting(String releaseId, String log) throws Exception {
        try (CliProcess rollback = CliProcess.start(home, work.resolve(log), "rollback", "shop")) {
            long pid = awaitStarting(releaseId);
            rollback.kill();
            return pid;
        }
    }

    /** A deploy whose instances start listening after START_DELAY_MS and fail /health while the SICK file exists. */
    private static CliHarness.Result slowDeploy(CliHarness cli, Path app, int port, String version, String delay,
                                                Path sick) {
        CliHarness.Result result = cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--env",
                "APP_VERSION=" + version, "--env", "START_DELAY_MS=" + delay, "--env", "SICK_FILE=" + sick,
                "--health-path", "/health", "--health-interval", "200ms", "--health-threshold", "1",
                "--startup-deadline", "10s");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /** Waits until the release runs a process that is not ready yet; returns its pid. */
    private long awaitStarting(String releaseId) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Optional<InstanceView> running = instance(releaseId).filter(view -> !view.ready());
            if (running.isPresent()) {
                return running.get().pid().orElseThrow();
            }
            assertThat(System.nanoTime()).as("release " + releaseId + " did not start within 30 s").isLessThan(end);
            Thread.sleep(50);
        }
    }

    /**
     * {@code /} answers "hello APP_VERSION"; {@code /hold} answers "held APP_VERSION" once RELEASE_FILE exists;
     * {@code /health} 503 when SICK_FILE existed at the start; it listens after START_DELAY_MS (default 0).
     */
    private static Path holdingApp(Path app) throws Exception {
        Files.createDirectories(app);
        Files.writeString(app.resolve("package.json"), """
                {"name": "shop", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """);
        Files.writeString(app.resolve("server.js"), """
                const fs = require('fs');
                const version = process.env.APP_VERSION;
                const sick = process.env.SICK_FILE && fs.existsSync(process.env.SICK_FILE);
                const server = require('http').createServer((req, res) => {
                  if (req.url === '/health' && sick) { res.writeHead(503); res.end('sick'); return; }
                  if (req.url !== '/hold') { res.end(req.url === '/health' ? 'ok' : 'hello ' + version); return; }
                  const poll = setInterval(() => {
                    if (fs.existsSync(process.env.RELEASE_FILE)) { clearInterval(poll); res.end('held ' + version); }
                  }, 50);
                });
                setTimeout(() => server.listen(Number(process.env.PORT), process.env.HOST),
                  Number(process.env.START_DELAY_MS || 0));
                process.on('SIGTERM', () => server.close(() => process.exit(0)));
                """);
        return app;
    }

    private static CliHarness.Result deploy(CliHarness cli, Path app, int port, String version, Path release) {
        return cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--env", "APP_VERSION=" + version,
                "--env", "RELEASE_FILE=" + release, "--health-interval", "200ms", "--health-threshold", "1");
    }

    private String activeRelease() {
        try (AgentClient agent = AgentClient.connect(new HivemindHome(home))) {
            return agent.app("shop").orElseThrow().activeRelease().orElseThrow();
        }
    }

    private Optional<InstanceView> instance(String releaseId) {
        try (AgentClient agent = AgentClient.connect(new HivemindHome(home))) {
            return agent.app("shop").orElseThrow().release(releaseId).map(ReleaseView::instances)
                    .flatMap(instances -> instances.stream().filter(view -> view.pid().isPresent()).findFirst());
        }
    }

    /** Waits until the release's process is gone (drained and stopped after the switch away from it). */
    private void awaitStopped(String releaseId) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (instance(releaseId).isPresent()) {
            assertThat(System.nanoTime()).as("release " + releaseId + " still runs 20 s after the switch").isLessThan(end);
            Thread.sleep(200);
        }
    }
}
