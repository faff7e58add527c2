package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An old deployment left unfinished is not resumed into traffic over a later deployment that went into traffic since,
 * unless forced: it would silently move the app back to an older build.
 */
class SupersededResumeTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void resumingADeploymentSupersededByALaterCompletedOneIsRefusedNamingWhatServes() {
        // given an old deployment stopped before its deploy stage, and a later one that completed
        String old = stoppedBeforeDeploy();
        String later = laterCompleted();

        // when it is resumed, or its deploy stage retried, without --force
        InvalidInputException resumed = catchThrowableOfType(InvalidInputException.class,
                () -> fixture.conductor().resume(old));
        InvalidInputException retried = catchThrowableOfType(InvalidInputException.class,
                () -> fixture.conductor().retry(old, StageName.PROVISION));

        // then both are refused, naming the deployment that serves, and nothing ran
        assertThat(resumed.getMessage()).isEqualTo("deployment " + old + " of app 'shop' is superseded: deployment "
                + later + ", created after it, completed and serves the app now; continuing it would move the app's "
                + "traffic back to its older build");
        assertThat(resumed.remediation()).startsWith("Deploy the build you want: `hivemind deploy ")
                .endsWith("`, or pass --force to continue " + old + " anyway and move the traffic to it");
        assertThat(retried.getMessage()).isEqualTo(resumed.getMessage());
        assertThat(fixture.store.load(old).status()).isEqualTo(Status.PROVISIONING);
        assertThat(fixture.target.releases()).extracting(release -> release.releaseId()).containsExactly(later);
    }

    @Test
    void forceContinuesItIntoTrafficWithAWarning() {
        String old = stoppedBeforeDeploy();
        String later = laterCompleted();

        DeploymentState done = fixture.conductor().resume(old, RunRange.all(), true);

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.target.releases()).extracting(release -> release.releaseId()).containsExactly(later, old);
        assertThat(done.logs()).filteredOn(log -> log.level() == LogEntry.Level.WARN).extracting(LogEntry::message)
                .contains("continued with --force although superseded: deployment " + later + ", created after it, "
                        + "completed and serves the app now; this run moves the traffic of 'shop' to release " + old);
    }

    @Test
    void aRunThatStopsBeforeTheDeployStageMovesNoTrafficAndIsAllowed() {
        String old = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.through(StageName.ANALYZE))
                .deploymentId();
        laterCompleted();

        DeploymentState stopped = fixture.conductor().resume(old, RunRange.through(StageName.BUILD));

        assertThat(stopped.status()).isEqualTo(Status.BUILDING);
    }

    @Test
    void anEarlierCompletedDeploymentDoesNotSupersedeALaterOne() {
        fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());
        fixture.clock.advance(Duration.ofMinutes(1));
        String unfinished = stoppedBeforeDeploy();

        assertThat(fixture.conductor().resume(unfinished).status()).isEqualTo(Status.COMPLETE);
    }

    private String stoppedBeforeDeploy() {
        return fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.through(StageName.PROVISION))
                .deploymentId();
    }

    private String laterCompleted() {
        fixture.clock.advance(Duration.ofMinutes(1));
        DeploymentState done = fixture.conductor().start(fixture.newDeployment(), Map.of(), RunRange.all());
        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        return done.deploymentId();
    }
}
