package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.InstanceView;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent under its supervisor, as the CLI starts it: killed with SIGKILL under traffic it is back serving within a
 * second with no command typed, adopting the app's instance; a deliberate stop stops it for good.
 */
class AgentSupervisorIT {
    @RegisterExtension
    final DetachedAgents agents = new DetachedAgents();
    private final AgentFixture fixture = agents.fixture();
    private final int publicPort = agents.publicPort();

    @Test
    void aKilledAgentIsReplacedUnderTrafficWithNoCommand() throws Exception {
        // given a supervised agent serving an app under a request loop, its second agent standing by
        AgentStatus first = agents.launchSupervised();
        InstanceView before = serveRelease();
        ProcessHandle supervisor = AgentSupervisor.running(fixture.home).orElseThrow();
        awaitStandingBy(first.pid());
        try (RequestLoop loop = new RequestLoop(fixture, publicPort)) {
            AgentFixture.await(loop::successes, count -> count > 5, Duration.ofSeconds(5), "the loop to get answers");

            // when the serving agent is killed with SIGKILL, and nobody types anything
            long killedAt = System.nanoTime();
            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();

            // then the app is served again, by another agent, from the same instance (how soon is bench/chaos's
            // figure: under 1 s with a core free; a test on a shared machine only bounds it)
            AgentFixture.await(() -> loop.firstSuccessAfter(killedAt), Optional::isPresent, Duration.ofSeconds(10),
                    "the app to be served again");
            Duration gap = loop.firstSuccessAfter(killedAt).orElseThrow();
            System.out.println("kill -9 of the agent to the first 200 through the proxy: " + gap.toMillis() + " ms");
            System.out.println(agentLog().lines().filter(line -> line.contains("restored")).reduce((a, b) -> b)
                    .orElse("(no restored line)"));
        }
        AgentStatus second = fixture.client.status();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(fixture.instance("web", "r1").pid()).isEqualTo(before.pid());
        assertThat(agentLog()).contains("host agent " + second.pid() + " taking over")
                .contains("the host agent (pid " + first.pid() + ") exited with code 137");
        // and another agent stands by again for the next time
        AgentFixture.await(() -> agentsUnder(supervisor).size(), count -> count == 2, Duration.ofSeconds(60),
                "a new agent to stand by");
    }

    @Test
    void stoppingTheAgentStopsItsSupervisorAndNothingComesBack() throws Exception {
        // given a supervised agent serving an app, with its second agent standing by
        AgentStatus started = agents.launchSupervised();
        long instance = serveRelease().pid().orElseThrow();
        ProcessHandle supervisor = AgentSupervisor.running(fixture.home).orElseThrow();
        AgentFixture.await(() -> agentsUnder(supervisor).size(), count -> count == 2, Duration.ofSeconds(60),
                "a second agent to stand by");
        List<ProcessHandle> everything = supervisor.descendants().toList();

        // when it is stopped
        AgentLauncher.stop(fixture.home);

        // then the supervisor, both agents and the instance are gone, and stay gone
        Thread.sleep(2_000);
        assertThat(supervisor.isAlive()).isFalse();
        assertThat(everything).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.of(started.pid())).isEmpty();
        assertThat(AgentFixture.processAlive(instance)).isFalse();
        assertThat(fixture.client.isRunning()).isFalse();
        assertThat(AgentFixture.canBind(publicPort)).isTrue();
        assertThat(AgentSupervisor.running(fixture.home)).isEmpty();
        assertThat(AgentLauncher.answers(fixture.home)).isFalse();
    }

    @Test
    void startingTwiceKeepsTheRunningAgentAndAnUnsupervisedAgentGetsASupervisor() {
        // given an agent started without a supervisor (an older HiveMind, or by hand)
        AgentStatus alone = agents.launch();
        assertThat(AgentSupervisor.running(fixture.home)).isEmpty();

        // when it is started supervised, twice
        AgentStatus supervised = agents.launchSupervised();
        AgentStatus again = agents.launchSupervised();

        // then the same agent serves, now with a supervisor whose agents stand by
        assertThat(supervised.pid()).isEqualTo(alone.pid());
        assertThat(again.pid()).isEqualTo(alone.pid());
        ProcessHandle supervisor = AgentSupervisor.running(fixture.home).orElseThrow();
        AgentFixture.await(() -> agentsUnder(supervisor).size(), count -> count == 2, Duration.ofSeconds(60),
                "both of the supervisor's agents to stand by");

        // and when the agent that ran alone dies, one of them takes over
        ProcessHandle.of(alone.pid()).orElseThrow().destroyForcibly();
        AgentFixture.await(() -> fixture.client.isRunning() ? fixture.client.status().pid() : -1L,
                pid -> pid > 0 && pid != alone.pid(), Duration.ofSeconds(10), "a standing-by agent to take over");
    }

    @Test
    void anAgentThatExitsAtOnceIsReportedAndNothingKeepsTryingBehindTheError() {
        List<String> broken = List.of("sh", "-c", "echo 'Error: could not find the main class' >&2; exit 3");

        assertThatThrownBy(() -> AgentLauncher.ensureSupervised(fixture.home, broken, Duration.ofSeconds(20)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("the host agent did not start: the agent exited with code 3")
                .satisfies(e -> assertThat(((InfrastructureException) e).context())
                        .contains("Error: could not find the main class"));
        assertThat(AgentSupervisor.running(fixture.home)).isEmpty();
        assertThat(AgentSupervisor.switchedOn(fixture.home)).isFalse();
    }

    /** Waits until an agent other than the serving one has loaded what it needs and waits for its turn. */
    private void awaitStandingBy(long serving) {
        AgentFixture.await(() -> {
            try {
                long pid = Long.parseLong(Files.readString(AgentSupervisor.standbyFile(fixture.home)).strip());
                return pid != serving && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
            } catch (java.io.IOException | NumberFormatException e) {
                return false;
            }
        }, Boolean::booleanValue, Duration.ofSeconds(60), "a second agent to stand by");
    }

    /** The agents the supervisor runs: the Java processes among its descendants. */
    private static List<ProcessHandle> agentsUnder(ProcessHandle supervisor) {
        return supervisor.descendants().filter(process -> process.info().command().orElse("").endsWith("/java"))
                .toList();
    }

    private InstanceView serveRelease() {
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");
        InstanceView view = fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        return view;
    }

    private String agentLog() throws java.io.IOException {
        return Files.readString(fixture.home.agent().resolve("agent.log"));
    }
}
