package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.supervisor.ProcStat;
import dev.hivemind.runtime.supervisor.ProcessGroup;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent killed with SIGKILL leaves its instances running; the next agent adopts them instead of starting new ones. */
class AgentRecoveryIT {
    @RegisterExtension
    final DetachedAgents agents = new DetachedAgents();
    private final AgentFixture fixture = agents.fixture();
    private final int publicPort = agents.publicPort();

    @Test
    void aKilledAgentAdoptsItsRunningInstanceAndServesAgainWithinASecond() throws Exception {
        // given a detached agent serving a node app under a steady request loop
        AgentStatus first = agents.launch();
        InstanceView before = serveRelease();
        long pid = before.pid().orElseThrow();
        try (RequestLoop loop = new RequestLoop(fixture, publicPort)) {
            AgentFixture.await(loop::successes, count -> count > 0, Duration.ofSeconds(5), "the loop to get answers");

            // when the agent is killed with SIGKILL
            killAgent(first.pid());

            // then the proxy (which lived in the agent) is gone, but the app survived and answers on its own port
            assertThatThrownBy(() -> fixture.get(publicPort, "/")).isInstanceOf(UncheckedIOException.class);
            assertThat(fixture.get(before.port(), "/").body()).isEqualTo("hello from v1\n");
            assertThat(AgentFixture.processAlive(pid)).isTrue();

            // and when the agent starts again, the proxy serves at once, from the same process on the same port
            AgentFixture.await(loop::failures, count -> count > 0, Duration.ofSeconds(5), "requests to fail");
            AgentStatus again = agents.launch();
            long returned = System.nanoTime();
            AgentFixture.await(() -> fixture.get(publicPort, "/").statusCode(), status -> status == 200,
                    Duration.ofSeconds(5), "the proxy to answer again");
            Duration toFirstAnswer = Duration.ofNanos(System.nanoTime() - returned);
            Instant agentStarted = ProcessHandle.of(again.pid()).flatMap(handle -> handle.info().startInstant())
                    .orElseThrow();
            System.out.println("agent process start to first 200 through the proxy: "
                    + Duration.between(agentStarted, Instant.now()).toMillis() + " ms (JVM start included); agent"
                    + " answering to first 200: " + toFirstAnswer.toMillis() + " ms");
            assertThat(toFirstAnswer).isLessThan(Duration.ofSeconds(1));
            int successesAfter = loop.successes();
            AgentFixture.await(loop::successes, count -> count > successesAfter + 5, Duration.ofSeconds(5),
                    "the loop to get answers again");
        }
        InstanceView adopted = fixture.instance("web", "r1");
        assertThat(adopted.pid()).contains(pid);
        assertThat(adopted.port()).isEqualTo(before.port());
        assertThat(adopted.state()).isEqualTo(InstanceState.HEALTHY);
        assertThat(adopted.restarts()).isZero();
        assertThat(agentLog()).contains("app web release r1 replica 1: adopted pid " + pid + " on port " + before.port());
        // the agent's own log says how long restoring took; printed, not asserted: on this busy two-core host a cold
        // JVM loading Jetty takes anywhere from 0.1 s to 2.5 s, which would make the test flaky
        System.out.println("agent log: proxies serving " + lastReadyMillis() + " ms after the agent began starting");
        assertThat(Files.readString(fixture.root.resolve("releases/r1/starts.log")).lines()).hasSize(1);

        // and a crash of the adopted instance is restarted like any other, its exit code unknown
        fixture.get(publicPort, "/crash");
        InstanceView restarted = AgentFixture.await(() -> fixture.instance("web", "r1"),
                view -> view.restarts() == 1 && view.state() == InstanceState.HEALTHY, Duration.ofSeconds(20),
                "the adopted instance to be restarted");
        assertThat(restarted.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(restarted.exitCode()).isEmpty();
        assertThat(restarted.lastLogLines()).anyMatch(line -> line.contains("exited (exit code unknown: pid " + pid));
        AgentFixture.await(() -> fixture.get(publicPort, "/").statusCode(), status -> status == 200,
                Duration.ofSeconds(5), "the restarted instance to serve");
        assertThat(desiredJson()).contains("\"pid\" : " + restarted.pid().orElseThrow());
    }

    @Test
    void anAdoptedInstanceKeepsItsLogRotated() {
        // given an instance whose agent was killed, adopted by an agent that rotates logs at 4 KB
        AgentStatus first = agents.launch();
        long pid = serveRelease().pid().orElseThrow();
        killAgent(first.pid());
        fixture.start();
        assertThat(fixture.instance("web", "r1").pid()).contains(pid);

        // when the adopted process writes a lot
        assertThat(fixture.get(publicPort, "/spam?lines=200").body()).isEqualTo("spammed\n");

        // then its output is rotated like that of an instance this agent started
        Path log = fixture.home.agent().resolve("instances/web/r1/output.log");
        AgentFixture.await(() -> Files.exists(log.resolveSibling("output.log.1")), Boolean::booleanValue,
                Duration.ofSeconds(5), "the adopted instance's log to be rotated");
    }

    @Test
    void aRecordedPidThatNowBelongsToAnotherProcessIsNotAdopted() throws Exception {
        // given desired.json whose instance pid is now that of an unrelated process
        fixture.start();
        long pid = serveRelease().pid().orElseThrow();
        fixture.stopAgent();
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            ProcStat stat = ProcStat.read(unrelated.pid()).orElseThrow();
            String desired = desiredJson();
            assertThat(desired).contains("\"pid\" : " + pid);
            Files.writeString(fixture.home.agent().resolve("desired.json"),
                    desired.replace("\"pid\" : " + pid, "\"pid\" : " + unrelated.pid()));
            assertThat(stat.startTicks()).isNotEqualTo(recordedTicks());

            // when the agent starts
            fixture.start();

            // then it starts the release fresh and leaves the unrelated process alone
            InstanceView fresh = fixture.awaitState("web", "r1", InstanceState.HEALTHY);
            assertThat(fresh.pid().orElseThrow()).isNotIn(unrelated.pid(), pid);
            assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
            assertThat(unrelated.isAlive()).isTrue();
            assertThat(desiredJson()).contains("\"pid\" : " + fresh.pid().orElseThrow());
        } finally {
            unrelated.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenEveryProcessIsKilledTheAppComesBackFreshOnItsPublicPort() {
        // given an agent and its instance, both killed with SIGKILL (as a reboot would lose them)
        AgentStatus first = agents.launch();
        long pid = serveRelease().pid().orElseThrow();
        killAgent(first.pid());
        new ProcessGroup(pid).kill();
        assertThat(AgentFixture.processAlive(pid)).isFalse();

        // when the agent starts again
        agents.launch();

        // then it starts the release fresh behind the same public port
        AgentFixture.await(() -> fixture.get(publicPort, "/").statusCode(), status -> status == 200,
                Duration.ofSeconds(15), "the app to answer on its public port");
        InstanceView fresh = fixture.instance("web", "r1");
        assertThat(fresh.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(agentLog()).contains("app web release r1 replica 1: started fresh because pid " + pid + " is not running");
    }

    @Test
    void anInstanceThatNoAgentRecordedIsStoppedByTheNextAgentAndAnAdoptedOneIsNot() throws Exception {
        // given an instance its killed agent adopts, and a process writing to an instance log of this home that no
        // desired.json names (its agent was killed between starting it and recording its pid)
        AgentStatus first = agents.launch();
        long adopted = serveRelease().pid().orElseThrow();
        killAgent(first.pid());
        Path log = AgentFiles.file(fixture.home.agent().resolve("instances/web/r9/output.log"));
        Process stray = new ProcessBuilder("setsid", "sleep", "120")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Thread.sleep(100);

        // when an agent starts
        fixture.start();

        // then it stops the stray's process group, and serves the adopted instance
        AgentFixture.await(stray::isAlive, alive -> !alive, Duration.ofSeconds(15), "the stray to be stopped");
        assertThat(fixture.instance("web", "r1").pid()).contains(adopted);
        assertThat(AgentFixture.processAlive(adopted)).isTrue();
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
    }

    /** Deploys release r1 of app web on the public port, switches traffic to it and returns its instance. */
    private InstanceView serveRelease() {
        fixture.client.ensureApp("web", publicPort, "127.0.0.1");
        InstanceView view = fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        return view;
    }

    private void killAgent(long pid) {
        ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
        agent.destroyForcibly();
        AgentFixture.await(agent::isAlive, alive -> !alive, Duration.ofSeconds(10), "the agent to die");
    }

    private long recordedTicks() {
        DesiredState state = new DesiredStateStore(fixture.home.agent().resolve("desired.json")).load();
        return state.apps().get("web").releases().get("r1").instances().getFirst().startTicks();
    }

    /** The agent logs how long it took from beginning to start until it serves its restored apps. */
    private long lastReadyMillis() {
        Matcher ready = Pattern.compile("proxies serving (\\d+) ms after it began starting").matcher(agentLog());
        long millis = -1;
        while (ready.find()) {
            millis = Long.parseLong(ready.group(1));
        }
        assertThat(millis).as("a ready line in the agent log").isNotNegative();
        return millis;
    }

    private String desiredJson() {
        return read(fixture.home.agent().resolve("desired.json"));
    }

    private String agentLog() {
        return read(fixture.home.agent().resolve("agent.log"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs / through the proxy every 20 ms, counting answers and failures. */
}
