package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    private static final String NODE = "4121 (node server.js) S 1 4121 4121 0 -1 4194560 1570 0 0 0 7 2 0 0 20 0 7 0"
            + " 987654 1089536000 11371 18446744073709551615 1 1 0 0 0 0 0 4096 17922 0 0 0 17 1 0 0 0 0 0\n";

    @Test
    void theStateGroupAndStartTicksComeFromFields3_5And22() {
        ProcStat stat = ProcStat.parse(4121, NODE);

        assertThat(stat).isEqualTo(new ProcStat(4121, 'S', 4121, 987654));
        assertThat(stat.groupLeader()).isTrue();
        assertThat(stat.exited()).isFalse();
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = NODE.replace("(node server.js)", "(a) Z 9 9 (b)");

        assertThat(ProcStat.parse(4121, odd)).isEqualTo(new ProcStat(4121, 'S', 4121, 987654));
    }

    @Test
    void zombiesHaveExitedAndAMemberIsNoLeader() {
        ProcStat zombie = ProcStat.parse(4122, NODE.replace("4121 (node server.js) S 1 4121", "4122 (node) Z 1 4121"));

        assertThat(zombie.exited()).isTrue();
        assertThat(zombie.groupLeader()).isFalse();
    }

    @Test
    void aTruncatedLineIsRejectedWithWhatWasRead() {
        assertThatThrownBy(() -> ProcStat.parse(7, "7 (sh) S 1 7 7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/proc/7/stat has 6 fields");
        assertThatThrownBy(() -> ProcStat.parse(7, "garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRealProcessHasAStableStartTimeThatALaterProcessDoesNotShare() throws Exception {
        // given this JVM and a process started later
        ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();
        Process later = new ProcessBuilder("sleep", "30").start();
        try {
            // then reading twice gives the same ticks, and the later process started at a later tick
            assertThat(ProcStat.read(ProcessHandle.current().pid()).orElseThrow().startTicks()).isEqualTo(self.startTicks());
            ProcStat child = ProcStat.read(later.pid()).orElseThrow();
            assertThat(child.startTicks()).isGreaterThan(self.startTicks());
            assertThat(child.groupLeader()).isFalse(); // started without setsid, it is in this JVM's group
            assertThat(child.state()).isIn('R', 'S');
        } finally {
            later.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneHasNoStat() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor(5, TimeUnit.SECONDS);

        assertThat(ProcStat.read(ended.pid())).isEmpty();
        assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aFreshProcessIsYoungerThanThisJvmToTheTick() throws Exception {
        Process child = new ProcessBuilder("sleep", "5").start();
        try {
            Thread.sleep(300);
            long childAge = ProcStat.read(child.pid()).flatMap(ProcStat::age).orElseThrow().toMillis();
            long ownAge = ProcStat.read(ProcessHandle.current().pid()).flatMap(ProcStat::age).orElseThrow().toMillis();

            assertThat(childAge).isBetween(300L - 20, 5000L);
            assertThat(ownAge).isGreaterThan(childAge);
        } finally {
            child.destroy();
        }
    }
}
