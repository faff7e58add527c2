package dev.hivemind.engine;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a generated {@link Outcome} against the fakes and a real HTTP app, and keeps what it left behind. */
final class GeneratedRuns {

    private GeneratedRuns() {
    }

    /** What a generated run left behind: the state as stored, the error thrown, the events, journal and log. */
    record Result(DeploymentState state, Optional<HiveMindException> thrown, List<DeploymentEvent> events,
                  String journal, List<LogLines> logFile) { }

    static Result run(HealthServer app, Outcome outcome) {
        return run(app, outcome, new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z")), Map.of());
    }

    static Result run(HealthServer app, Outcome outcome, ManualClock clock, Map<String, String> environment) {
        try (Fixture fixture = new Fixture(app.url(), clock)) {
            DeploymentState initial = fixture.newDeployment();
            RunRange range = switch (outcome) {
                case Outcome.Completes completes -> RunRange.all();
                case Outcome.StopsAfter stops -> RunRange.through(stops.stage());
                case Outcome.Fails fails -> {
                    fixture.faults.always(fails.stage(), fails::error);
                    yield RunRange.all();
                }
            };
            Optional<HiveMindException> thrown = Optional.empty();
            try {
                fixture.conductor().start(initial, environment, range);
            } catch (HiveMindException error) {
                thrown = Optional.of(error);
            }
            String id = initial.deploymentId();
            return new Result(new StateStore(fixture.home).load(id), thrown, fixture.listener.events(),
                    Files.readString(fixture.store.journal(id)), LogLines.read(fixture.store.logFile(id)));
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
