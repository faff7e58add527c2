package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.state.StateJson;
import dev.hivemind.engine.state.StateStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StatePropertyTest {

    // Feature: autodeploy-agent, Property 37: initial state pending with repo URL
    @Property(tries = 100)
    void initialStateIsPendingWithTheRepositoryUrl(@ForAll("ids") String id, @ForAll("words") String app,
                                                   @ForAll("requests") DeployRequest request,
                                                   @ForAll("instants") Instant now) {
        DeploymentState initial = DeploymentState.initial(id, app, "local", "", request, now);

        assertThat(initial.status()).isEqualTo(Status.PENDING);
        assertThat(initial.repoUrl()).isEqualTo(request.source());
        assertThat(initial.stages()).extracting(StageRecord::status).containsOnly(StageStatus.PENDING);
        assertThat(initial.completedAt()).isEmpty();
        assertThat(initial.errors()).isEmpty();
        try (Fixture fixture = new Fixture("http://127.0.0.1:9")) {
            fixture.store.create(initial);
            DeploymentState stored = fixture.store.load(id);
            assertThat(stored).isEqualTo(initial);
            assertThat(stored.status()).isEqualTo(Status.PENDING);
            assertThat(stored.repoUrl()).isEqualTo(request.source());
        }
    }

    // Feature: autodeploy-agent, Property 37: initial state pending with repo URL
    @Property(tries = 100)
    void aDeploymentStartsPendingWithTheRepositoryUrl(@ForAll("words") String app) {
        try (Fixture fixture = new Fixture("http://127.0.0.1:9")) {
            DeploymentState initial = fixture.newDeployment(app, fixture.source.toString());
            List<DeploymentState> firstCheckpoint = new java.util.ArrayList<>();
            Conductor conductor = new Conductor(fixture.store, Pipeline.standard(fixture.services()),
                    RetryPolicy.defaults(), fixture.clock, fixture.sleeper, event -> {
                        if (firstCheckpoint.isEmpty() && event instanceof DeploymentEvent.StageStarted) {
                            firstCheckpoint.add(fixture.store.load(initial.deploymentId()));
                        }
                    });

            DeploymentState afterInit = conductor.start(initial, Map.of(), RunRange.through(
                    dev.hivemind.api.state.StageName.INIT));

            assertThat(firstCheckpoint).singleElement().satisfies(state -> {
                assertThat(state.status()).isEqualTo(Status.PENDING);
                assertThat(state.repoUrl()).isEqualTo(fixture.source.toString());
            });
            assertThat(afterInit.status()).isEqualTo(Status.PENDING);
            assertThat(afterInit.repoUrl()).isEqualTo(fixture.source.toString());
        }
    }

    // Feature: autodeploy-agent, Property 39: state save/load round trip
    @Property(tries = 100)
    void aSavedStateLoadsBackEqual(@ForAll("states") DeploymentState state) {
        assertThat(StateJson.read(StateJson.write(state))).isEqualTo(state);
        try (Fixture fixture = new Fixture("http://127.0.0.1:9")) {
            fixture.store.save(state);
            assertThat(fixture.store.load(state.deploymentId())).isEqualTo(state);
            assertThat(new StateStore(fixture.home).find(state.deploymentId())).contains(state);
        }
    }

    // Feature: autodeploy-agent, Property 40: state retrieval complete
    @Property(tries = 100)
    void everySavedDeploymentIsRetrievedWithAllItsFields(@ForAll("stateLists") List<DeploymentState> states) {
        try (Fixture fixture = new Fixture("http://127.0.0.1:9")) {
            states.forEach(fixture.store::save);

            List<DeploymentState> newestFirst = states.stream().sorted(Comparator
                    .comparing(DeploymentState::createdAt).thenComparing(DeploymentState::deploymentId).reversed())
                    .toList();
            assertThat(fixture.store.list()).containsExactlyElementsOf(newestFirst);
            for (DeploymentState state : states) {
                assertThat(fixture.store.find(state.deploymentId())).contains(state);
                assertThat(fixture.store.listForApp(state.app())).contains(state)
                        .allSatisfy(listed -> assertThat(listed.app()).isEqualTo(state.app()));
            }
        }
    }

    @Provide
    Arbitrary<String> ids() {
        return StateArbitraries.ids();
    }

    @Provide
    Arbitrary<String> words() {
        return StateArbitraries.word();
    }

    @Provide
    Arbitrary<DeployRequest> requests() {
        return StateArbitraries.requests();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return StateArbitraries.instants();
    }

    @Provide
    Arbitrary<DeploymentState> states() {
        return StateArbitraries.states();
    }

    @Provide
    Arbitrary<List<DeploymentState>> stateLists() {
        return StateArbitraries.states().list().ofMaxSize(6).uniqueElements(DeploymentState::deploymentId);
    }
}
