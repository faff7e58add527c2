package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.supervisor.ProcStat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdoptionTest {
    private static final DesiredState.RecordedInstance RECORDED = new DesiredState.RecordedInstance(4121, 987654, 40123, 1);

    @Test
    void theSameLiveProcessLeadingItsGroupIsAdopted() {
        ProcStat now = new ProcStat(4121, 'S', 4121, 987654);

        assertThat(Adoption.decide(RECORDED, Optional.of(now))).isEqualTo(new Adoption.Adopt(now));
    }

    @Test
    void aMissingPidIsStartedFresh() {
        assertThat(Adoption.decide(RECORDED, Optional.empty()))
                .isEqualTo(new Adoption.StartFresh("pid 4121 is not running"));
    }

    @Test
    void aZombieIsStartedFresh() {
        assertThat(Adoption.decide(RECORDED, Optional.of(new ProcStat(4121, 'Z', 4121, 987654))))
                .isEqualTo(new Adoption.StartFresh("pid 4121 is not running"));
    }

    @Test
    void aRecycledPidIsNeverAdopted() {
        assertThat(Adoption.decide(RECORDED, Optional.of(new ProcStat(4121, 'S', 4121, 990001))))
                .isEqualTo(new Adoption.StartFresh("pid 4121 now belongs to another process (started at tick 990001,"
                        + " the instance at tick 987654)"));
    }

    @Test
    void aProcessThatNoLongerLeadsItsGroupIsNotAdopted() {
        assertThat(Adoption.decide(RECORDED, Optional.of(new ProcStat(4121, 'S', 77, 987654))))
                .isEqualTo(new Adoption.StartFresh("pid 4121 no longer leads its own process group (group 77)"));
    }
}
