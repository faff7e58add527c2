package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployed app that starts crashing on every start: the agent restarts it with backoff (1, 2, 4, ... s) and, at
 * the second restart within a minute ({@code crash-loop: {restarts: 2, window: 1m}} in its hivemind.yaml, so the
 * test does not wait out the default five restarts), {@code status} and {@code logs} report it crash-looping with its
 * last lines.
 */
class CrashLoopIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    private CliHarness cli;
    private AgentClient agent;
    private final int port = CliHarness.freePort();

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, work);
        agent = AgentClient.connect(new HivemindHome(home));
    }

    @AfterEach
    void tearDown() {
        agent.close();
        cli.close();
    }

    @Test
    void anAppThatCrashesOnEveryStartIsReportedCrashLoopingWithItsLastLogLines() throws Exception {
        // given a deployed app that cannot start again once a marker file exists
        Path marker = TestApps.sharedWithApps(work, "volume").resolve("volume-missing");
        Path app = Files.createDirectories(work.resolve("fragile"));
        Files.writeString(app.resolve("package.json"), """
                {"name": "fragile", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """);
        Files.writeString(app.resolve("server.js"), """
                const fs = require('fs');
                if (fs.existsSync(process.env.MARKER)) {
                  console.error('cannot start: ' + fs.readFileSync(process.env.MARKER, 'utf8').trim());
                  process.exit(4);
                }
                require('http').createServer((req, res) => res.end('fragile ok\\n'))
                  .listen(Number(process.env.PORT), process.env.HOST);
                """);
        Files.writeString(app.resolve("hivemind.yaml"), "crash-loop: {restarts: 2, window: 1m}\n");
        CliHarness.Result deployed = cli.run("deploy", app.toString(), "--port", String.valueOf(port),
                "--env", "MARKER=" + marker);
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        String release = agent.app("fragile").orElseThrow().activeRelease().orElseThrow();
        long pid = agent.release("fragile", release).instances().getFirst().pid().orElseThrow();

        // when it is killed and every restart crashes
        Files.writeString(marker, "the data volume /srv/fragile is not mounted\n");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ReleaseView looping = awaitCrashLooping(release);

        // then status shows the crash-looping instance with its last log lines
        InstanceView instance = looping.instances().getFirst();
        assertThat(instance.restarts()).as("crash-looping at the file's 2 restarts, not the default 5").isBetween(2, 3);
        CliHarness.Result status = cli.run("status", "fragile");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("release " + release + "  crash-looping  weight 100  0/1 ready")
                .contains("replica 1  pid ").contains("  127.0.0.1:" + instance.port() + "  crash-looping (")
                .contains("last exit code 4)")
                .contains("| cannot start: the data volume /srv/fragile is not mounted");

        // and so does logs, before the instance's output
        CliHarness.Result logs = cli.run("logs", "fragile");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).startsWith("release " + release + " replica 1 is crash-looping (")
                .contains("is crash-looping (2 restarts within 60 s)")
                .contains("  | cannot start: the data volume /srv/fragile is not mounted");
    }

    private ReleaseView awaitCrashLooping(String release) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        ReleaseView view = agent.release("fragile", release);
        while (view.state() != ReleaseState.CRASH_LOOPING) {
            assertThat(System.nanoTime()).as("waiting for crash-looping; last seen " + view).isLessThan(deadline);
            Thread.sleep(500);
            view = agent.release("fragile", release);
        }
        return view;
    }
}
