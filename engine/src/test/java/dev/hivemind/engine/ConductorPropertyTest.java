package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.state.JournalWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The Conductor's properties, over generated runs that complete, fail at a random stage, or stop early. */
class ConductorPropertyTest {
    private static HealthServer app;

    @BeforeContainer
    static void startApp() {
        app = new HealthServer();
    }

    @AfterContainer
    static void stopApp() {
        app.close();
    }

    // Feature: autodeploy-agent, Property 3: pending→analyzing
    @Property(tries = 100)
    void statusLeavesPendingForAnalyzingWhenTheAgentsBegin(@ForAll("outcomes") Outcome outcome) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, outcome);

        List<DeploymentEvent> events = result.events();
        int analyzeStarted = indexOf(events, event -> event instanceof DeploymentEvent.StageStarted started
                && started.stage() == StageName.ANALYZE);
        int firstChange = indexOf(events, event -> event instanceof DeploymentEvent.StatusChanged);
        if (analyzeStarted < 0) {
            assertThat(result.state().status()).isIn(Status.PENDING, Status.FAILED);
            assertThat(events).noneMatch(event -> event instanceof DeploymentEvent.StatusChanged changed
                    && changed.to() == Status.ANALYZING);
            return;
        }
        assertThat(events.get(firstChange)).isEqualTo(new DeploymentEvent.StatusChanged(
                result.state().deploymentId(), Status.PENDING, Status.ANALYZING));
        assertThat(firstChange).isLessThan(analyzeStarted);
        assertThat(events.subList(0, firstChange)).filteredOn(DeploymentEvent.StageStarted.class::isInstance)
                .extracting(event -> ((DeploymentEvent.StageStarted) event).stage())
                .containsOnly(StageName.INIT, StageName.PREFLIGHT);
        assertThat(result.state().logs()).extracting(LogEntry::message).contains("status pending → analyzing");
    }

    // Feature: autodeploy-agent, Property 5: successful completion report holds all agent outputs
    @Property(tries = 100)
    void aCompletedDeploymentHoldsEveryAgentsOutput(@ForAll("environments") Map<String, String> environment) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, new Outcome.Completes(),
                new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z")), environment);
        DeploymentState state = result.state();

        assertThat(result.thrown()).isEmpty();
        assertThat(state.status()).isEqualTo(Status.COMPLETE);
        assertThat(state.techStack()).isPresent();
        assertThat(state.buildArtifact()).isPresent();
        assertThat(state.infrastructure()).isPresent();
        assertThat(state.deploymentConfig()).isPresent();
        assertThat(state.securityConfig()).isPresent();
        assertThat(state.validation()).isNotEmpty().allMatch(check -> check.passed());
        assertThat(state.url()).contains(app.url());
        assertThat(state.deploymentConfig().orElseThrow().environmentVariables()).containsOnlyKeys(
                environment.keySet());
        int previous = -1;
        for (String section : JournalWriter.SECTIONS) {
            int at = result.journal().indexOf("\n## " + section + "\n");
            assertThat(at).as(section).isGreaterThan(previous);
            previous = at;
        }
        assertThat(result.journal()).contains("- Status: **complete**", app.url(),
                state.buildArtifact().orElseThrow().checksum(), "Security score 75/100", "| health | " + app.url());
        environment.values().forEach(secret -> assertThat(result.journal()).doesNotContain(secret));
    }

    // Feature: autodeploy-agent, Property 36: retry offered after a failure; rollback never after a first deployment
    @Property(tries = 100)
    void retryIsOfferedAfterAFailureAndRollbackNeverAfterAFirstDeployment(@ForAll("outcomes") Outcome outcome) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, outcome);
        DeploymentState state = result.state();
        String id = state.deploymentId();
        List<String> steps = NextSteps.after(state);
        List<String> afterSuccess = List.of("hivemind status " + id, "hivemind logs " + id, "hivemind rollback shop",
                "hivemind destroy shop");

        switch (outcome) {
            case Outcome.Completes completes -> assertThat(steps).isEqualTo(afterSuccess);
            case Outcome.StopsAfter stops -> assertThat(steps).isEqualTo(stops.stage() == StageName.REPORT
                    ? afterSuccess : List.of("hivemind resume " + id, "hivemind status " + id));
            case Outcome.Fails fails -> {
                boolean infrastructureExists = fails.stage().compareTo(StageName.PROVISION) > 0;
                assertThat(state.infrastructure().isPresent()).isEqualTo(infrastructureExists);
                assertThat(steps).first().isEqualTo("hivemind retry " + id + " --stage " + fails.stage());
                assertThat(steps).as("a first deployment has nothing to roll back to")
                        .doesNotContain("hivemind rollback shop");
                assertThat(result.journal()).contains("- `hivemind retry " + id + " --stage " + fails.stage() + "`");
            }
        }
    }

    // Feature: autodeploy-agent, Property 38: agent execution logged
    @Property(tries = 100)
    void everyStageRunIsLoggedUnderItsAgent(@ForAll("outcomes") Outcome outcome) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, outcome);
        List<LogEntry> logs = result.state().logs();

        List<DeploymentEvent.StageStarted> started = result.events().stream()
                .filter(DeploymentEvent.StageStarted.class::isInstance).map(DeploymentEvent.StageStarted.class::cast)
                .toList();
        assertThat(started).isNotEmpty();
        for (DeploymentEvent.StageStarted start : started) {
            StageName stage = start.stage();
            String label = stage.number() + " " + stage;
            String agent = stage.agent().displayName();
            assertThat(logs).as(label).anyMatch(entry -> entry.agent() == stage.agent()
                    && entry.message().startsWith(agent + " started " + label));
            assertThat(logs).as(label).anyMatch(entry -> entry.agent() == stage.agent()
                    && (entry.message().startsWith(agent + " completed " + label)
                    || entry.message().startsWith(label + " failed (")
                    || entry.message().startsWith(label + " attempt ")));
            assertThat(result.logFile()).as(label).anyMatch(line -> line.agent().equals(agent)
                    && line.firstLine().startsWith(agent + " started " + label));
        }
        result.state().stages().stream().filter(stage -> stage.status() == StageStatus.COMPLETED)
                .forEach(stage -> assertThat(logs).anyMatch(entry -> entry.agent() == stage.name().agent()
                        && entry.message().startsWith(stage.name().agent().displayName() + " completed "
                        + stage.name().number() + " " + stage.name())));
    }

    // Feature: autodeploy-agent, Property 41: completion timestamp
    @Property(tries = 100)
    void completedAtIsSetExactlyWhenTheStatusIsTerminal(@ForAll("outcomes") Outcome outcome,
                                                       @ForAll @IntRange(min = 0, max = 2_000) int tickMillis) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z"))
                .ticking(Duration.ofMillis(tickMillis));
        DeploymentState state = GeneratedRuns.run(app, outcome, clock, Map.of()).state();

        assertThat(state.completedAt().isPresent()).isEqualTo(state.status().terminal());
        state.completedAt().ifPresent(completed -> {
            assertThat(completed).isAfterOrEqualTo(state.createdAt()).isBeforeOrEqualTo(state.updatedAt());
            state.stages().forEach(stage -> stage.finishedAt().ifPresent(finished ->
                    assertThat(completed).isAfterOrEqualTo(finished)));
        });
        assertThat(state.status()).isEqualTo(switch (outcome) {
            case Outcome.Completes completes -> Status.COMPLETE;
            case Outcome.Fails fails -> Status.FAILED;
            case Outcome.StopsAfter stops -> stops.stage() == StageName.REPORT ? Status.COMPLETE
                    : stops.stage().runningStatus();
        });
    }

    // Feature: autodeploy-agent, Property 42: logs chronological
    @Property(tries = 100)
    void logsAreInTimeOrderEvenWhenTheClockStepsBack(@ForAll("outcomes") Outcome outcome,
                                                     @ForAll @IntRange(min = -500, max = 500) int tickMillis) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z"))
                .ticking(Duration.ofMillis(tickMillis));
        GeneratedRuns.Result result = GeneratedRuns.run(app, outcome, clock, Map.of());

        assertThat(result.state().logs()).extracting(LogEntry::timestamp).isSorted();
        assertThat(result.logFile()).extracting(LogLines::timestamp).isSorted();
        assertThat(result.logFile().size()).isGreaterThanOrEqualTo(result.state().logs().size());
        Iterator<LogLines> file = result.logFile().iterator();
        for (LogEntry entry : result.state().logs()) {
            LogLines expected = LogLines.of(entry);
            boolean found = false;
            while (!found && file.hasNext()) {
                found = file.next().equals(expected);
            }
            assertThat(found).as("logs.txt holds, in order, " + expected).isTrue();
        }
    }

    private static int indexOf(List<DeploymentEvent> events, java.util.function.Predicate<DeploymentEvent> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Provide
    Arbitrary<Outcome> outcomes() {
        return Outcome.any();
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        return Arbitraries.maps(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8),
                StateArbitraries.word().map(word -> "secret-" + word + "-value")).ofMaxSize(3);
    }
}
