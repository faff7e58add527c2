package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs side by side and after each other: two at once never share a name or a subnet, and a run leaves nothing on this
 * machine after it ends, whether it was closed, one of its hosts was killed, or its JVM went away.
 */
class TestHostRunsIT {

    @BeforeAll
    static void onlyAsRoot() {
        Optional<String> unavailable = TestHosts.unavailableReason();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
    }

    @Test
    void closingLeavesNoProcessNamespaceInterfaceMountCgroupOrDirectory() {
        TestHosts hosts = TestHosts.boot(2);
        hosts.start();
        RunId run = hosts.run().id();
        hosts.outsider();
        List<Long> inits = hosts.hosts().stream().map(host -> host.initPid().orElseThrow()).toList();
        List<String> before = Reaper.leftovers(run);
        assertThat(before).filteredOn(line -> line.startsWith("netns ")).hasSize(4);
        assertThat(before).contains("link " + run.uplink());
        assertThat(before).filteredOn(line -> line.startsWith("mount ")).hasSize(2);
        assertThat(before).filteredOn(line -> line.startsWith("cgroup ")).hasSize(2);
        assertThat(before).filteredOn(line -> line.startsWith("directory ")).hasSize(1);
        assertThat(before).filteredOn(line -> line.startsWith("process ")).hasSizeGreaterThan(4);

        Instant started = Instant.now();
        hosts.close();
        System.out.printf("test hosts: 2 torn down in %d ms%n", Duration.between(started, Instant.now()).toMillis());

        assertThat(Reaper.leftovers(run)).isEmpty();
        assertThat(inits).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(Commands.check("ip", "-o", "addr")).doesNotContain(run.uplink());
    }

    @Test
    void twoRunsAtOnceHaveTheirOwnSubnetsAndReachOnlyTheirOwnHosts() throws Exception {
        TestHosts first = TestHosts.boot(1);
        TestHosts second = TestHosts.boot(1);
        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            Future<?> one = executor.submit(first::start);
            Future<?> two = executor.submit(second::start);
            one.get();
            two.get();
            String firstAddress = first.host(0).address();
            String secondAddress = second.host(0).address();

            assertThat(first.machineAddress()).isNotEqualTo(second.machineAddress());
            assertThat(firstAddress.substring(0, firstAddress.lastIndexOf('.')))
                    .isNotEqualTo(secondAddress.substring(0, secondAddress.lastIndexOf('.')));
            assertThat(first.host(0).ssh("root", "hostname").orThrow()).isEqualTo("host0\n");
            assertThat(second.host(0).ssh("root", "hostname").orThrow()).isEqualTo("host0\n");
            // Each run's subnet is its own: a host of one cannot reach a host of the other.
            assertThat(first.host(0).exec("timeout 3 bash -c 'exec 3<>/dev/tcp/" + secondAddress + "/22'").ok())
                    .isFalse();
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void closingCleansUpAfterSystemdNspawnWasKilled() throws IOException {
        TestHosts hosts = TestHosts.boot(1);
        hosts.start();
        RunId run = hosts.run().id();
        TestHost host = hosts.host(0);
        Path lock = NspawnState.lock(host.root());
        assertThat(lock).exists();
        assertThat(Reaper.leftovers(run)).contains("nspawn /run/systemd/nspawn/propagate/" + run.namespace("host0"));

        ProcessHandle.of(host.launcherPid().orElseThrow()).orElseThrow().destroyForcibly();
        hosts.close();

        assertThat(Reaper.leftovers(run)).isEmpty();
        assertThat(lock).doesNotExist();
    }

    @Test
    void theNextRunRemovesARunWhoseJvmIsGone() {
        TestHosts abandoned = TestHosts.boot(1);
        abandoned.start();
        RunId gone = abandoned.run().id();
        TestHosts next = TestHosts.boot(1);
        try {
            // As if its JVM had been killed: no longer one this JVM runs, so the next run may remove it.
            Reaper.ended(gone);
            assertThat(Reaper.leftovers(gone)).isNotEmpty();

            next.start();

            assertThat(Reaper.leftovers(gone)).isEmpty();
            assertThat(next.host(0).ssh("root", "hostname").orThrow()).isEqualTo("host0\n");
        } finally {
            next.close();
            abandoned.close();
        }
    }
}
