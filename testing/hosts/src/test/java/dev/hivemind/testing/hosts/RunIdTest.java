package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunIdTest {

    @Test
    void everyNameARunMakesLeadsBackToIt() {
        RunId run = new RunId(4121, 3);

        assertThat(RunId.named(run.namespace("host0"))).contains(run);
        assertThat(RunId.named(run.namespace("switch"))).contains(run);
        assertThat(RunId.named(run.uplink())).contains(run);
        assertThat(RunId.named(run.directory())).contains(run);
        assertThat(RunId.named(run.cgroup("host12"))).contains(run);
    }

    @Test
    void otherNamesLeadNowhere() {
        assertThat(RunId.named("eth0")).isEmpty();
        assertThat(RunId.named("hivemind-test-hosts")).isEmpty();
        assertThat(RunId.named("hivemind-12-host0")).isEmpty();
        assertThat(RunId.named("docker0")).isEmpty();
        assertThat(RunId.named("hm12x3y")).isEmpty();
    }

    @Test
    void theUplinkFitsALinuxInterfaceNameForTheLargestPid() {
        assertThat(new RunId(4_194_304, 999).uplink()).isEqualTo("hm4194304x999").hasSizeLessThanOrEqualTo(15);
        assertThatThrownBy(() -> new RunId(4_194_304, 123_456).uplink()).hasMessageContaining("longer than 15");
    }

    @Test
    void aRunIsAbandonedWhenItsJvmIsGoneOrThisJvmNoLongerRunsIt() throws IOException, InterruptedException {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        RunId mine = RunId.next();

        assertThat(new RunId(ended.pid(), 1).abandoned(Set.of())).isTrue();
        assertThat(mine.abandoned(Set.of())).isTrue();
        assertThat(mine.abandoned(Set.of(mine))).isFalse();
        assertThat(new RunId(ProcessHandle.current().parent().orElseThrow().pid(), 1).abandoned(Set.of())).isFalse();
    }
}
