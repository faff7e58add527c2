package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseState;
import dev.hivemind.runtime.client.SwitchResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BlueGreenIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.serving("web");
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();

    @BeforeEach
    void serveR1() {
        fixture.startHealthy("web", "r1", "v1");
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));
    }

    @Test
    void switchingUnderASteadyRequestLoopFailsNoRequest() throws Exception {
        // given four clients requesting without pause
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = fixture.get(publicPort, "/");
                        if (response.statusCode() == 200 && response.body().startsWith("hello from v")) {
                            succeeded.incrementAndGet();
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }

        // when three new releases are deployed blue-green, one after the other
        List<Long> oldPids = new ArrayList<>();
        oldPids.add(fixture.instance("web", "r1").pid().orElseThrow());
        for (int version = 2; version <= 4; version++) {
            fixture.startHealthy("web", "r" + version, "v" + version);
            SwitchResult switched = fixture.client.switchTo("web", "r" + version, Duration.ofSeconds(10));
            assertThat(switched.previousRelease()).contains("r" + (version - 1));
            AgentFixture.sleep(Duration.ofMillis(700));
            if (version < 4) {
                oldPids.add(fixture.instance("web", "r" + version).pid().orElseThrow());
            }
        }
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }

        // then nothing failed, the last release answers, and the old ones were drained and stopped
        assertThat(failures).isEmpty();
        assertThat(succeeded.get()).isGreaterThan(200);
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v4\n");
        for (String old : List.of("r1", "r2", "r3")) {
            fixture.awaitState("web", old, InstanceState.STOPPED);
        }
        AgentFixture.await(() -> oldPids.stream().noneMatch(AgentFixture::processAlive), gone -> gone,
                Duration.ofSeconds(10), "the old releases' processes to be gone");
    }

    @Test
    void aSlowRequestToTheOldReleaseCompletesAfterTheSwitch() throws Exception {
        // given a slow request in flight on r1
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                () -> fixture.get(publicPort, "/slow?ms=1500"));
        fixture.awaitSlowRequest("web", "r1");

        // when the traffic moves to r2
        fixture.startHealthy("web", "r2", "v2");
        fixture.client.switchTo("web", "r2", Duration.ofSeconds(10));

        // then new requests reach r2, r1 keeps running until the slow answer is complete, then stops
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v2\n");
        assertThat(fixture.instance("web", "r1").state()).isEqualTo(InstanceState.HEALTHY);
        HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("slow v1\n");
        fixture.awaitState("web", "r1", InstanceState.STOPPED);
    }

    @Test
    void theOldReleaseIsStoppedWhenTheDrainTimeoutPasses() throws Exception {
        // given a request on r1 that would take far longer than the drain timeout
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(
                () -> fixture.get(publicPort, "/slow?ms=8000"));
        fixture.awaitSlowRequest("web", "r1");
        fixture.startHealthy("web", "r2", "v2");

        // when the switch allows 300 ms of draining
        long switched = System.nanoTime();
        fixture.client.switchTo("web", "r2", Duration.ofMillis(300));

        // then r1 is stopped after the timeout, cutting the slow request short (the proxy answers 502)
        fixture.awaitState("web", "r1", InstanceState.STOPPED);
        HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - switched)).isLessThan(Duration.ofSeconds(5));
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("hello from v2\n");
        assertThat(fixture.client.app("web").orElseThrow().release("r1").orElseThrow().state())
                .isEqualTo(ReleaseState.STOPPED);
    }
}
