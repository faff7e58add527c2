package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host agent that a deploy starts comes back by itself after {@code kill -9}; {@code status} says when it is down
 * (one line, what to run, exit 1); {@code agent stop} stops it for good and {@code agent start} is idempotent.
 */
class AgentSupervisionIT {
    @RegisterExtension
    static final ExampleApp web = new ExampleApp("node-plain", "web");
    private final CliHarness cli = web.cli();
    private final Path home = web.home();
    private final String url = "http://127.0.0.1:" + web.port();

    @Test
    void theAgentComesBackByItselfAndStatusSaysWhenItIsDown() throws Exception {
        // given a deployed app
        CliHarness.Result deployed = cli.run("deploy", web.app().toString(), "--port", String.valueOf(web.port()));
        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(cli.run("status").exitCode()).isZero();
        CliHarness.Result agentStatus = cli.run("agent", "status");
        assertThat(agentStatus.out()).contains("kept running by its supervisor (pid");

        // when a second agent stands by and the serving agent is killed with SIGKILL, and nobody types anything
        awaitStandingBy();
        long killed = agentPid();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();

        // then the app answers again (bench/chaos measures how soon), and status says all is well
        while (Http.get(url + "/").status() != 200) {
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("time without the app; the agent's log:\n%s",
                    Files.readString(home.resolve("agent/agent.log"))).isLessThan(Duration.ofSeconds(10));
            Thread.sleep(20);
        }
        Duration gap = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("kill -9 of the agent to the app answering again: " + gap.toMillis() + " ms");
        assertThat(agentPid()).isNotEqualTo(killed);
        assertThat(cli.run("status").exitCode()).isZero();
        CliHarness.Result again = cli.run("agent", "start");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("The host agent is already running (pid " + agentPid()
                + ", kept running by its supervisor, pid ");

        // when the agent is stopped on purpose
        CliHarness.Result stopped = cli.run("agent", "stop");
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(stopped.out()).contains("Stopped the host agent and its supervisor");

        // then nothing brings it back, and every status says so in one line with what to run, exiting 1
        Thread.sleep(2_000);
        assertThat(Http.get(url + "/").status()).isZero();
        String down = "The host agent is not running (nothing answers on " + home.resolve("agent/agent.sock")
                + "), so no app of this machine is served. Start it with: hivemind agent start";
        CliHarness.Result all = cli.run("status");
        assertThat(all.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(all.out().strip().lines().reduce((first, last) -> last)).contains(down);
        CliHarness.Result one = cli.run("status", "web");
        assertThat(one.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(one.out().strip().lines().reduce((first, last) -> last)).contains("The host agent is not running"
                + " (nothing answers on " + home.resolve("agent/agent.sock") + "), so web is not served. Start it with:"
                + " hivemind agent start");
        CliHarness.Result json = cli.run("status", "web", "--output", "json");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(json.err()).contains("so web is not served");
        CliHarness.Result agentDown = cli.run("agent", "status");
        assertThat(agentDown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(agentDown.out().strip()).isEqualTo(down);
        assertThat(cli.run("agent", "stop").out()).isEqualTo("The host agent is not running.\n");

        // and agent start brings the app back
        CliHarness.Result started = cli.run("agent", "start");
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(started.out()).startsWith("Started the host agent (pid ");
        for (int i = 0; i < 300 && Http.get(url + "/").status() != 200; i++) {
            Thread.sleep(100); // the release starts afresh: agent stop stopped its instance
        }
        assertThat(Http.get(url + "/").status()).isEqualTo(200);
        assertThat(cli.run("status", "web").exitCode()).isZero();
    }

    private long agentPid() throws Exception {
        return Long.parseLong(Files.readString(home.resolve("agent/agent.pid")).strip());
    }

    /** Waits until the supervisor's second agent is ready to take over (it records itself once it is). */
    private void awaitStandingBy() throws Exception {
        Path standby = home.resolve("agent/standby.pid");
        for (int i = 0; i < 600; i++) {
            if (Files.exists(standby)) {
                long pid = Long.parseLong(Files.readString(standby).strip());
                if (pid != agentPid() && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no agent stands by after 60 s");
    }
}
