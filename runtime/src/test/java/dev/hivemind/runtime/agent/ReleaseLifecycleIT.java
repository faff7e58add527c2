package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.ReleaseView;
import dev.hivemind.runtime.client.SwitchResult;
import dev.hivemind.runtime.supervisor.ProbeHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReleaseLifecycleIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.serving("web");
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();

    @Test
    void aHealthyReleaseServesThroughTheProxyAfterTheSwitch() {
        // given an app whose proxy has no backend yet
        assertThat(fixture.get(publicPort, "/").statusCode()).isEqualTo(503);
        assertThat(fixture.get(publicPort, "/").body()).contains("no release of app web");

        // when a release starts, becomes healthy and takes the traffic
        fixture.client.startRelease("web", fixture.launch("r1", Map.of("VERSION", "v1", "GREETING", "hi there")));
        InstanceView healthy = fixture.awaitState("web", "r1", InstanceState.HEALTHY);
        SwitchResult switched = fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // then requests through the public port reach it, with its environment
        assertThat(switched.previousRelease()).isEmpty();
        assertThat(switched.switchMicros()).isGreaterThanOrEqualTo(0);
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        assertThat(fixture.get(publicPort, "/env").body()).isEqualTo("hi there\n");
        assertThat(fixture.get(publicPort, "/slow?ms=2500").body()).as("longer than the proxy's idle timeout")
                .isEqualTo("slow v1\n");
        assertThat(healthy.pid()).isPresent();
        assertThat(healthy.port()).isNotEqualTo(publicPort);
        assertThat(healthy.probes()).isNotEmpty().last().satisfies(probe -> assertThat(probe.statusCode()).contains(200));
        assertThat(healthy.lastLogLines()).anySatisfy(line -> assertThat(line)
                .contains("app v1 start #1").contains("port " + healthy.port()).contains("host 127.0.0.1"));
        AppView app = fixture.client.app("web").orElseThrow();
        assertThat(app.activeRelease()).contains("r1");
        assertThat(app.publicPort()).isEqualTo(publicPort);
        assertThat(app.release("r1")).isPresent();
    }

    @Test
    void aReleaseThatNeverAnswersItsHealthPathEndsUnhealthyWhileTheOldOneKeepsServing() {
        // given r1 serving
        fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when r2 answers 500 on its health path until its deadline
        HealthSettings strict = new HealthSettings("/health", Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                Duration.ofMillis(1500));
        fixture.client.startRelease("web", fixture.launch("r2", Map.of("VERSION", "v2", "NEVER_HEALTHY", "1"), strict));
        InstanceView unhealthy = fixture.awaitState("web", "r2", InstanceState.UNHEALTHY);

        // then the probes are the evidence, switching is refused, and r1 still answers
        assertThat(unhealthy.probes()).hasSizeBetween(5, ProbeHistory.KEPT)
                .allSatisfy(probe -> assertThat(probe.statusCode()).contains(500));
        assertThat(unhealthy.probes()).allSatisfy(probe -> assertThat(probe.millis()).isLessThan(1000));
        assertThatThrownBy(() -> fixture.client.switchTo("web", "r2", Duration.ofSeconds(1)))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("release r2 of app web is unhealthy, not healthy; traffic stays on r1");
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        assertThat(fixture.client.app("web").orElseThrow().activeRelease()).contains("r1");
    }

    @Test
    void anAppThatExitsAtOnceIsRestartedUntilItIsReportedCrashLoopingWithItsLogLines() {
        // given a release that exits before it ever answers, crash-looping at 3 restarts within a minute
        InstancePolicy policy = InstancePolicy.defaults().withCrashLoop(new RolloutPolicy.CrashLoop(3, Duration.ofMinutes(1)));
        fixture.client.startRelease("web", fixture.launch("r1", Map.of("EXIT_AT_ONCE", "1")).withPolicy(policy));

        // when it has been restarted three times
        ReleaseView looping = fixture.awaitRelease("web", "r1", ReleaseState.CRASH_LOOPING);

        // then its instance says so, with its exit code and the last lines that say why, and the agent keeps trying
        InstanceView instance = looping.instances().getFirst();
        assertThat(instance.crashLooping()).isTrue();
        assertThat(instance.ready()).isFalse();
        assertThat(instance.restarts()).isGreaterThanOrEqualTo(3);
        assertThat(instance.exitCode()).contains(7);
        assertThat(instance.lastLogLines()).contains("boom: DATABASE_URL is not set")
                .anySatisfy(line -> assertThat(line).contains("is crash-looping (3 restarts within 60 s)"));
        AgentFixture.await(() -> fixture.instance("web", "r1"), view -> view.restarts() >= instance.restarts() + 2,
                Duration.ofSeconds(10), "the agent to keep restarting it");
        assertThatThrownBy(() -> fixture.client.setWeights("web", Map.of("r1", 100)))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("has no ready instance (crash-looping)");
    }

    @Test
    void aCrashingInstanceIsRestartedWithExponentialBackoff() throws Exception {
        // given a healthy release whose next three starts crash at once
        fixture.client.startRelease("web", fixture.launch("r1", Map.of("CRASH_STARTS", "4")));
        InstanceView first = fixture.awaitState("web", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when it crashes
        assertThat(fixture.get(publicPort, "/crash").body()).isEqualTo("bye\n");

        // then it is restarted until it stays up, the delays doubling (100, 200, 400 ms, then capped at 800 ms)
        InstanceView recovered = AgentFixture.await(() -> fixture.instance("web", "r1"),
                view -> view.restarts() == 4 && view.state() == InstanceState.HEALTHY, Duration.ofSeconds(20),
                "four restarts and health");
        assertThat(recovered.pid()).isPresent().isNotEqualTo(first.pid());
        assertThat(recovered.port()).isEqualTo(first.port());
        List<Long> starts = Files.readAllLines(fixture.root.resolve("releases/r1/starts.log")).stream()
                .map(line -> Long.parseLong(line.split(" ")[0])).toList();
        assertThat(starts).hasSize(5);
        long[] delays = {100, 200, 400, 800};
        for (int i = 1; i < 4; i++) {
            assertThat(starts.get(i + 1) - starts.get(i)).as("gap before start #" + (i + 2))
                    .isGreaterThanOrEqualTo(delays[i]);
        }
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v1\n");
        assertThat(recovered.lastLogLines()).anySatisfy(line -> assertThat(line).contains("restarting in 800 ms"));
    }

    @Test
    void theOutputLogIsRotatedAtItsSizeKeepingThreeOldFiles() throws Exception {
        // given a healthy release (the fixture rotates at 4 KB, checking every 100 ms)
        InstanceView view = fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
        Path log = Path.of(view.logPath());
        assertThat(log).isEqualTo(fixture.home.agent().resolve("instances/web/r1/output.log"));

        // when it writes much more than 4 KB, in bursts
        for (int burst = 0; burst < 5; burst++) {
            fixture.get(publicPort, "/spam?lines=80");
            AgentFixture.sleep(Duration.ofMillis(300));
        }

        // then old files exist up to output.log.3, none beyond, all private, and the app keeps writing to output.log
        AgentFixture.await(() -> Files.exists(log.resolveSibling("output.log.3")), exists -> exists,
                Duration.ofSeconds(5), "output.log.3");
        assertThat(log.resolveSibling("output.log.4")).doesNotExist();
        for (String name : List.of("output.log", "output.log.1", "output.log.2", "output.log.3")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.resolveSibling(name))))
                    .as(name).isEqualTo("rw-------");
        }
        assertThat(Files.readString(log.resolveSibling("output.log.1"))).contains("spam line");
        fixture.get(publicPort, "/spam?lines=1");
        AgentFixture.await(() -> fixture.instance("web", "r1").lastLogLines(),
                lines -> lines.stream().anyMatch(line -> line.startsWith("spam line 0")), Duration.ofSeconds(5),
                "the new line in the log");
        assertThat(Files.size(log)).isLessThan(3 * 4096);
    }

    @Test
    void stoppingAReleaseStopsItsProcessGroupAndForgetsIt() {
        // given a healthy release
        InstanceView view = fixture.startHealthy("web", "r1", "v1");
        long pid = view.pid().orElseThrow();

        // when it is stopped
        long stopping = System.nanoTime();
        fixture.client.stopRelease("web", "r1");

        // then SIGTERM ended it well within the grace period, and the agent does not know it any more
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(AgentFixture.FAST.stopGrace());
        assertThat(AgentFixture.processAlive(pid)).isFalse();
        assertThat(fixture.client.app("web").orElseThrow().releases()).isEmpty();
        assertThatThrownBy(() -> fixture.instance("web", "r1"))
                .hasMessageContaining("app web has no release r1");
    }

    @Test
    void onlyTheNewestStoppedReleasesAreKept() {
        // given five releases deployed one after the other
        for (int version = 1; version <= 5; version++) {
            fixture.startHealthy("web", "r" + version, "v" + version);
            fixture.client.switchTo("web", "r" + version, Duration.ofSeconds(5));
        }

        // then the active one and the three newest stopped ones are kept, in the view and in desired.json
        AppView app = AgentFixture.await(() -> fixture.client.app("web").orElseThrow(),
                view -> view.releases().stream().map(ReleaseView::releaseId).toList()
                        .equals(List.of("r2", "r3", "r4", "r5")), Duration.ofSeconds(10), "the oldest release to go");
        assertThat(app.releases()).filteredOn(view -> view.state() == ReleaseState.STOPPED)
                .extracting(ReleaseView::releaseId).containsExactly("r2", "r3", "r4");
        assertThat(app.activeRelease()).contains("r5");
        assertThat(fixture.home.agent().resolve("desired.json")).content().doesNotContain("\"r1\"").contains("\"r4\"");
    }
}
