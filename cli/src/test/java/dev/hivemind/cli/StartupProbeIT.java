package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probes.startup} in hivemind.yaml gates traffic for real: the agent probes its custom path (not {@code /},
 * which always answers 200, nor {@code /health}, which never does) and a release that fails it misses the file's short
 * deadline, so the deploy fails long before the default 60 s and the previous release keeps all traffic.
 */
class StartupProbeIT {
    /** The file's 5 s deadline, the 5 s margin of the wait and a Node build on a loaded machine; far below 60 s. */
    private static final Duration WELL_BEFORE_THE_DEFAULT_DEADLINE = Duration.ofSeconds(45);

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void theStartupProbeOfTheFileGatesEachReleaseOnItsPathWithinItsDeadline() throws Exception {
        Path app = startingApp(work.resolve("gated"));
        int port = CliHarness.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (CliHarness cli = new CliHarness(home, work)) {
            CliHarness.Result first = cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--env",
                    "APP_VERSION=v1");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.err()).contains("; waiting for /started");
            assertThat(Http.get(url).body()).isEqualTo("hello v1");

            long started = System.nanoTime();
            CliHarness.Result broken = cli.run("deploy", app.toString(), "--port", String.valueOf(port), "--env",
                    "APP_VERSION=v2", "--env", "NOT_STARTED=yes");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
            assertThat(broken.err()).contains("never became healthy on /started")
                    .contains("health probe: HTTP 503");
            assertThat(took).as(broken.toString()).isLessThan(WELL_BEFORE_THE_DEFAULT_DEADLINE);
            assertThat(Http.get(url).body()).as("traffic stays on v1").isEqualTo("hello v1");
            cli.run("destroy", "gated", "--auto-approve");
        }
    }

    /**
     * {@code /started} answers 200 unless NOT_STARTED is set; {@code /} always "hello APP_VERSION";
     * {@code /health} always 503.
     */
    private static Path startingApp(Path app) throws Exception {
        Files.createDirectories(app);
        Files.writeString(app.resolve("package.json"), """
                {"name": "gated", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """);
        Files.writeString(app.resolve("server.js"), """
                const started = !process.env.NOT_STARTED;
                const server = require('http').createServer((req, res) => {
                  if (req.url === '/started') { res.writeHead(started ? 200 : 503); res.end(); return; }
                  if (req.url === '/health') { res.writeHead(503); res.end('never'); return; }
                  res.end('hello ' + process.env.APP_VERSION);
                }).listen(Number(process.env.PORT), process.env.HOST);
                process.on('SIGTERM', () => server.close(() => process.exit(0)));
                """);
        Files.writeString(app.resolve("hivemind.yaml"), """
                probes:
                  startup: {path: /started, interval: 200ms, threshold: 2, deadline: 5s}
                """);
        return app;
    }
}
