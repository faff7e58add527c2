package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.runtime.client.AgentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentLauncherIT {
    @RegisterExtension
    final DetachedAgents agents = new DetachedAgents();
    private final AgentFixture fixture = agents.fixture();

    @Test
    void aDetachedAgentSurvivesSigtermWithItsDesiredStateAndComesBack() throws Exception {
        // given an agent started in the background, serving an app
        AgentStatus started = agents.launch();
        assertThat(started.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fixture.home.agent().resolve("agent.log"))))
                .isEqualTo("rw-------");
        int port = AgentFixture.freePort();
        fixture.client.ensureApp("web", port, "127.0.0.1");
        long instance = fixture.startHealthy("web", "r1", "v1").pid().orElseThrow();
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        assertThat(fixture.get(port, "/").body()).isEqualTo("hello from v1\n");
        assertThat(AgentLauncher.ensureRunning(fixture.home, List.of("false"), Duration.ofSeconds(5)).pid())
                .isEqualTo(started.pid());

        // when it gets SIGTERM
        ProcessHandle.of(started.pid()).orElseThrow().destroy();

        // then it stops its instance and proxy on the way out, keeping desired.json
        AgentFixture.await(() -> ProcessHandle.of(started.pid()).filter(ProcessHandle::isAlive).isPresent(),
                alive -> !alive, Duration.ofSeconds(20), "the agent to exit");
        assertThat(AgentFixture.processAlive(instance)).isFalse();
        assertThat(AgentFixture.canBind(port)).isTrue();
        assertThat(Files.readString(fixture.home.agent().resolve("desired.json"))).contains("\"web\"");

        // and when it is started again, the app is back on its port until the agent is stopped
        AgentStatus again = agents.launch();
        AgentFixture.await(() -> fixture.get(port, "/").statusCode(), status -> status == 200, Duration.ofSeconds(15),
                "the app to answer again");
        long restored = fixture.instance("web", "r1").pid().orElseThrow();
        AgentLauncher.stop(fixture.home);
        assertThat(ProcessHandle.of(again.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(AgentFixture.processAlive(restored)).isFalse();
        assertThat(fixture.client.isRunning()).isFalse();
    }

    @Test
    void theAgentStartsWithACleanEnvironment() throws Exception {
        // given a starter whose environment holds more than the agent needs (the build's, the shell's)
        assertThat(System.getenv().keySet()).anyMatch(name -> !List.of("PATH", "HOME", "LANG").contains(name));

        // when it starts the agent
        long pid = AgentLauncher.ensureRunning(fixture.home, DetachedAgents.agentCommand(), Duration.ofSeconds(30)).pid();

        // then the agent's environment is PATH, HOME, LANG and HIVEMIND_HOME, nothing else
        String environ = Files.readString(Path.of("/proc", String.valueOf(pid), "environ"));
        Map<String, String> environment = Arrays.stream(environ.split("\0")).filter(entry -> entry.contains("="))
                .collect(Collectors.toMap(entry -> entry.substring(0, entry.indexOf('=')),
                        entry -> entry.substring(entry.indexOf('=') + 1)));
        assertThat(environment).containsOnlyKeys("PATH", "HOME", "LANG", "HIVEMIND_HOME")
                .containsEntry("HIVEMIND_HOME", fixture.home.root().toString());
    }

    @Test
    void anAgentThatExitsAtOnceIsReportedWithItsLog() {
        List<String> broken = List.of("sh", "-c", "echo 'Error: could not find the main class' >&2; exit 3");

        assertThatThrownBy(() -> AgentLauncher.ensureRunning(fixture.home, broken, Duration.ofSeconds(10)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("the host agent did not start: the agent exited with code 3")
                .satisfies(e -> assertThat(((InfrastructureException) e).context())
                        .contains("Error: could not find the main class"));
    }

    @Test
    void anAgentThatNeverAnswersIsGivenUpAfterTheTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> AgentLauncher.ensureRunning(fixture.home, List.of("sleep", "30"), Duration.ofSeconds(1)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessage("the host agent did not start: the agent did not answer within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
