package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.report.Markdown;
import dev.hivemind.engine.state.StateJson;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** What a failed run records, over runs whose fakes fail at a random stage with a random error. */
class ConductorErrorPropertyTest {
    private static HealthServer app;

    @BeforeContainer
    static void startApp() {
        app = new HealthServer();
    }

    @AfterContainer
    static void stopApp() {
        app.close();
    }

    // Feature: autodeploy-agent, Property 6: failure sets status failed with an error report
    @Property(tries = 100)
    void aFailureSetsStatusFailedWithAnErrorReport(@ForAll("failures") Outcome.Fails failure) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, failure);
        DeploymentState state = result.state();

        assertThat(result.thrown()).isPresent();
        assertThat(state.status()).isEqualTo(Status.FAILED);
        assertThat(state.errors()).singleElement().extracting(ErrorEntry::errorType)
                .isEqualTo(failure.expectedType());
        assertThat(state.stage(failure.stage()).orElseThrow())
                .extracting(StageRecord::status, StageRecord::attempts)
                .containsExactly(StageStatus.FAILED, failure.expectedAttempts());
        for (StageRecord stage : state.stages()) {
            int order = stage.name().compareTo(failure.stage());
            if (order < 0) {
                assertThat(stage.status()).as(stage.name().toString()).isEqualTo(StageStatus.COMPLETED);
            } else if (order > 0) {
                assertThat(stage.status()).as(stage.name().toString()).isEqualTo(StageStatus.PENDING);
            }
        }
        assertThat(result.journal()).contains("- Status: **failed**", "] " + failure.expectedType() + "**");
    }

    // Feature: autodeploy-agent, Property 32: errors carry message and stack trace
    @Property(tries = 100)
    void errorsCarryTheirMessageAndStackTrace(@ForAll("failures") Outcome.Fails failure) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, failure);
        HiveMindException thrown = result.thrown().orElseThrow();
        ErrorEntry error = result.state().lastError().orElseThrow();

        assertThat(error.message()).isNotBlank().isEqualTo(thrown.getMessage());
        assertThat(error.stackTrace()).startsWith(thrown.getClass().getName() + ": ").contains("\tat ");
        if (failure.kind() == Outcome.Kind.UNEXPECTED && failure.stage() != StageName.VALIDATE) {
            assertThat(error.stackTrace()).contains("Caused by: java.lang.IllegalStateException");
        }
        assertThat(result.logFile()).anyMatch(line -> line.level().equals("ERROR")
                && line.firstLine().startsWith(failure.stage().number() + " " + failure.stage() + " failed (")
                && line.firstLine().contains("): " + failure.expectedType() + ": "));
    }

    // Feature: autodeploy-agent, Property 33: errors carry agent and operation
    @Property(tries = 100)
    void errorsCarryTheAgentAndTheOperation(@ForAll("failures") Outcome.Fails failure) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, failure);
        ErrorEntry error = result.state().lastError().orElseThrow();

        assertThat(error.agent()).isEqualTo(failure.stage().agent());
        assertThat(error.context()).isNotBlank().isEqualTo(expectedContext(failure, result.state()));
        assertThat(result.state().logs()).filteredOn(entry -> entry.level() == LogEntry.Level.ERROR)
                .singleElement().satisfies(entry -> {
                    assertThat(entry.agent()).isEqualTo(failure.stage().agent());
                    assertThat(entry.message()).contains(error.context());
                });
    }

    // Feature: autodeploy-agent, Property 34: state holds the error
    @Property(tries = 100)
    void theStateOnDiskHoldsTheError(@ForAll("failures") Outcome.Fails failure) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, failure);
        HiveMindException thrown = result.thrown().orElseThrow();
        ErrorEntry stored = result.state().lastError().orElseThrow();

        ErrorEntry expected = ErrorEntry.of(stored.timestamp(), thrown);
        assertThat(stored).isEqualTo(expected);
        assertThat(stored.timestamp()).isAfterOrEqualTo(result.state().createdAt());
        assertThat(StateJson.read(StateJson.write(result.state())).errors()).containsExactly(stored);
    }

    // Feature: autodeploy-agent, Property 35: remediation present
    @Property(tries = 100)
    void everyErrorHasARemediation(@ForAll("failures") Outcome.Fails failure) {
        GeneratedRuns.Result result = GeneratedRuns.run(app, failure);
        ErrorEntry error = result.state().lastError().orElseThrow();
        String id = result.state().deploymentId();

        assertThat(error.remediation()).isNotBlank().isEqualTo(result.thrown().orElseThrow().remediation());
        if (failure.stage() == StageName.VALIDATE) {
            assertThat(error.remediation()).contains("hivemind logs " + id, "it is the app's first release")
                    .doesNotContain("hivemind rollback");
        } else if (failure.kind() == Outcome.Kind.UNEXPECTED) {
            assertThat(error.remediation()).contains("hivemind retry " + id + " --stage " + failure.stage());
        } else {
            assertThat(error.remediation()).isEqualTo(failure.remediation());
        }
        assertThat(result.journal()).contains("  - Remediation: " + Markdown.oneLine(error.remediation()));
    }

    private static String expectedContext(Outcome.Fails failure, DeploymentState state) {
        if (failure.stage() == StageName.VALIDATE) {
            return "Validating app 'shop' through its public URL";
        }
        if (failure.kind() == Outcome.Kind.UNEXPECTED) {
            return "Running stage " + failure.stage().number() + " " + failure.stage() + " of deployment "
                    + state.deploymentId() + " for app 'shop'";
        }
        return failure.context();
    }

    @Provide
    Arbitrary<Outcome.Fails> failures() {
        return Outcome.failures();
    }
}
