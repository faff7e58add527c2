package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessGroupTest {

    private static ProcessGroup startGroup(String script) throws Exception {
        Process leader = new ProcessBuilder("setsid", "/bin/sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        ProcessGroup group = new ProcessGroup(leader.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (group.members().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return group;
    }

    @Test
    void sigtermEndsTheWholeGroupIncludingBackgroundChildren() throws Exception {
        // given a shell with two background children, all in one group
        ProcessGroup group = startGroup("sleep 30 & sleep 30 & wait");
        assertThat(group.members()).hasSize(3).contains(group.id());

        // when the group is terminated
        long started = System.nanoTime();
        boolean gone = group.terminate(Duration.ofSeconds(5));

        // then every member is gone, without waiting for the grace period
        assertThat(gone).isTrue();
        assertThat(group.alive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aGroupIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
        // given processes that ignore SIGTERM
        ProcessGroup group = startGroup("trap '' TERM; sleep 30 & sleep 30 & wait; wait");
        assertThat(group.members()).hasSizeGreaterThanOrEqualTo(3);

        // when the group is terminated with a short grace
        long started = System.nanoTime();
        boolean gone = group.terminate(Duration.ofMillis(300));

        // then SIGKILL ended them after the grace
        assertThat(gone).isTrue();
        assertThat(group.alive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
