package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.Conductor;
import dev.hivemind.engine.DeploymentEvent;
import dev.hivemind.engine.DeploymentListener;
import dev.hivemind.engine.Fixture;
import dev.hivemind.engine.HealthServer;
import dev.hivemind.engine.Pipeline;
import dev.hivemind.engine.RunRange;
import dev.hivemind.engine.retry.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal is rewritten at every phase transition: as each stage starts, the journal on disk names it. */
class JournalTransitionTest {

    @Test
    void theJournalOnDiskNamesEachStageAsItStartsAndTheEndWhenComplete() {
        try (HealthServer app = new HealthServer(); Fixture fixture = new Fixture(app.url())) {
            DeploymentState initial = fixture.newDeployment();
            List<String> seen = new ArrayList<>();
            DeploymentListener reader = event -> {
                if (event instanceof DeploymentEvent.StageStarted started) {
                    seen.add(currentPhase(fixture, initial.deploymentId()) + " <- " + started.stage());
                }
            };
            Conductor conductor = new Conductor(fixture.store, Pipeline.standard(fixture.services()),
                    RetryPolicy.defaults(), fixture.clock, fixture.sleeper, reader);

            DeploymentState done = conductor.start(initial, Map.of(), RunRange.all());

            assertThat(done.status()).isEqualTo(Status.COMPLETE);
            assertThat(seen).hasSize(StageName.values().length);
            for (String phase : seen) {
                String stage = phase.substring(phase.indexOf(" <- ") + 4);
                assertThat(phase).contains("- Stage: " + StageName.parse(stage).orElseThrow().number() + " " + stage
                        + " (running");
            }
            assertThat(currentPhase(fixture, done.deploymentId())).contains("- Status: **complete**");
        }
    }

    private static String currentPhase(Fixture fixture, String id) {
        try {
            return JournalWriterTest.section(Files.readString(fixture.store.journal(id)), "Current Phase");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
