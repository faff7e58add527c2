package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.state.StateJson;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval gates: a run stops before a gated stage, approve continues it, reject and timeouts fail it. */
class ApprovalGateTest {
    @RegisterExtension
    static final ConductorWorld world = new ConductorWorld();
    private final Fixture fixture = world.newFixture();

    @Test
    void aGateStopsTheRunBeforeItsStageAwaitingApprovalWithThePlanRecorded() {
        DeploymentState initial = gated(List.of(StageName.DEPLOY), Optional.empty());

        DeploymentState waiting = conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());

        assertThat(waiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(waiting.stage(StageName.PROVISION).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(waiting.stage(StageName.DEPLOY).orElseThrow().status()).isEqualTo(StageStatus.PENDING);
        assertThat(fixture.target.releases()).isEmpty();
        PendingGate gate = waiting.pendingGate().orElseThrow();
        assertThat(gate.stage()).isEqualTo(StageName.DEPLOY);
        assertThat(gate.plan()).hasSize(3);
        assertThat(gate.plan().get(0)).startsWith("start release " + initial.deploymentId() + " of shop with `");
        assertThat(gate.plan().get(2)).isEqualTo("move all traffic of " + world.url() + " to "
                + initial.deploymentId() + " (blue-green), then drain and stop the release serving it now");
        assertThat(gate.requestedAt()).isEqualTo(fixture.clock.instant());
        assertThat(fixture.store.load(initial.deploymentId())).isEqualTo(waiting);
        assertThat(waiting.logs()).extracting(LogEntry::message).contains("awaiting approval before 040 deploy; "
                + "approve with `hivemind approve " + initial.deploymentId() + "`, reject with `hivemind reject "
                + initial.deploymentId() + " --reason TEXT`");
        assertThat(fixture.store.journal(initial.deploymentId())).content().contains("awaiting_approval");
        assertThat(NextSteps.after(waiting)).containsExactly("hivemind approve " + initial.deploymentId(),
                "hivemind reject " + initial.deploymentId() + " --reason TEXT");
    }

    @Test
    void approveContinuesFromTheGateAndStopsAtTheNextOne() {
        DeploymentState initial = gated(List.of(StageName.VALIDATE, StageName.PROVISION), Optional.empty());
        String id = initial.deploymentId();
        DeploymentState first = conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());
        assertThat(first.pendingGate().orElseThrow().stage()).isEqualTo(StageName.PROVISION);
        assertThat(first.pendingGate().orElseThrow().plan()).containsExactly("reserve a port for shop",
                "start release " + id);

        DeploymentState second = conductor(Approver.DEFER).approve(id);

        assertThat(second.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(second.pendingGate().orElseThrow().stage()).isEqualTo(StageName.VALIDATE);
        assertThat(second.stage(StageName.HARDEN).orElseThrow().status()).isEqualTo(StageStatus.COMPLETED);
        assertThat(fixture.target.releases()).hasSize(1);

        DeploymentState done = conductor(Approver.DEFER).approve(id);

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.pendingGate()).isEmpty();
        assertThat(done.stages()).extracting(record -> record.attempts()).containsOnly(1);
        assertThat(done.logs()).extracting(LogEntry::message)
                .anyMatch(message -> message.startsWith("approval gate before 030 provision approved (hivemind approve"))
                .anyMatch(message -> message.startsWith("approval gate before 060 validate approved (hivemind approve"));
    }

    @Test
    void theProvisionPlanAndProvisionKnowThatTheEnvironmentGivesDatabaseUrlWithoutSeeingIt() {
        DeploymentState initial = gated(List.of(StageName.PROVISION), Optional.empty());
        Map<String, String> environment = Map.of("DATABASE_URL", "postgresql://shop:given-secret@db.example:5432/shop");

        DeploymentState waiting = conductor(Approver.DEFER).start(initial, environment, RunRange.all());

        assertThat(waiting.pendingGate().orElseThrow().plan()).contains("make no database: the app's environment "
                + "gives DATABASE_URL").noneMatch(line -> line.contains("given-secret"));
        DeploymentState done = conductor(Approver.DEFER).approve(initial.deploymentId());
        assertThat(done.status()).as(done.logs().toString()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.target.provisioned()).singleElement().satisfies(request -> assertThat(
                request.databaseSupplied()).isTrue());
    }

    @Test
    void withoutDatabaseUrlProvisionIsNotToldOfOne() {
        DeploymentState done = conductor(Approver.DEFER).start(gated(List.of(), Optional.empty()), Map.of(),
                RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(fixture.target.provisioned()).singleElement().satisfies(request -> assertThat(
                request.databaseSupplied()).isFalse());
    }

    @Test
    void rejectFailsTheDeploymentWithTheReasonAndRunsNothingAfterTheGate() {
        DeploymentState initial = gated(List.of(StageName.DEPLOY), Optional.empty());
        String id = initial.deploymentId();
        conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());

        DeploymentState rejected = new Approvals(fixture.store, fixture.clock, fixture.listener)
                .reject(id, "release freeze until Monday");

        assertThat(rejected.status()).isEqualTo(Status.FAILED);
        assertThat(rejected.pendingGate()).isEmpty();
        assertThat(rejected.lastError().orElseThrow().message()).isEqualTo("deployment " + id
                + " was rejected at the approval gate before 040 deploy: release freeze until Monday");
        assertThat(fixture.store.load(id)).isEqualTo(rejected);
        assertThat(fixture.target.releases()).isEmpty();
        assertThat(NextSteps.after(rejected)).first().isEqualTo("hivemind retry " + id + " --stage deploy");
        assertThatThrownBy(() -> conductor(Approver.DEFER).approve(id)).isInstanceOf(InvalidInputException.class)
                .hasMessage("deployment " + id + " is not awaiting approval (status failed); there is nothing to "
                        + "approve");
    }

    @Test
    void anAnswerNoAtThePromptFailsTheRunWithItsReason() {
        List<PendingGate> asked = new ArrayList<>();
        Approver no = gate -> {
            asked.add(gate);
            return new ApprovalDecision.Rejected("rejected at the prompt");
        };
        DeploymentState initial = gated(List.of(StageName.PROVISION), Optional.empty());

        assertThatThrownBy(() -> conductor(no).start(initial, Map.of(), RunRange.all()))
                .isInstanceOf(DeploymentException.class).hasMessageEndingWith(": rejected at the prompt");

        assertThat(asked).extracting(PendingGate::stage).containsExactly(StageName.PROVISION);
        DeploymentState failed = fixture.store.load(initial.deploymentId());
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.infrastructure()).isEmpty();
    }

    @Test
    void aGateWhoseTimeoutPassedIsRejectedWhenApprovedOrLookedAt() {
        DeploymentState initial = gated(List.of(StageName.DEPLOY), Optional.of(Duration.ofMinutes(10)));
        String id = initial.deploymentId();
        DeploymentState waiting = conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());
        assertThat(waiting.pendingGate().orElseThrow().expiresAt())
                .contains(waiting.pendingGate().orElseThrow().requestedAt().plus(Duration.ofMinutes(10)));
        Approvals approvals = new Approvals(fixture.store, fixture.clock, fixture.listener);

        fixture.clock.advance(Duration.ofMinutes(9));
        assertThat(approvals.expireIfDue(id).status()).isEqualTo(Status.AWAITING_APPROVAL);
        fixture.clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> conductor(Approver.DEFER).approve(id)).isInstanceOf(DeploymentException.class)
                .hasMessage("deployment " + id + " was rejected at the approval gate before 040 deploy: "
                        + "approval timed out after 10m");
        assertThat(fixture.store.load(id).status()).isEqualTo(Status.FAILED);
        assertThat(fixture.target.releases()).isEmpty();
    }

    @Test
    void statusLooksRejectAnExpiredGate() {
        DeploymentState initial = gated(List.of(StageName.BUILD), Optional.of(Duration.ofSeconds(90)));
        conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());
        fixture.clock.advance(Duration.ofSeconds(91));

        DeploymentState looked = new Approvals(fixture.store, fixture.clock, fixture.listener)
                .expireIfDue(initial.deploymentId());

        assertThat(looked.status()).isEqualTo(Status.FAILED);
        assertThat(looked.lastError().orElseThrow().message()).endsWith("approval timed out after 1m30s");
        assertThat(fixture.store.load(initial.deploymentId())).isEqualTo(looked);
    }

    @Test
    void autoApproveRunsThroughEveryGate() {
        DeploymentState initial = gated(List.of(StageName.values()), Optional.empty());

        DeploymentState done = conductor(Approver.AUTO).start(initial, Map.of(), RunRange.all());

        assertThat(done.status()).isEqualTo(Status.COMPLETE);
        assertThat(done.logs()).extracting(LogEntry::message)
                .filteredOn(message -> message.endsWith(" approved (--auto-approve)"))
                .hasSize(StageName.values().length);
    }

    @Test
    void anotherRunOfTheAppIsRefusedWhileOneWaitsAndAllowedOnceItIsRejected() {
        DeploymentState initial = gated(List.of(StageName.DEPLOY), Optional.empty());
        String waiting = initial.deploymentId();
        conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());
        DeploymentState second = fixture.newDeployment();

        assertThatThrownBy(() -> conductor(Approver.AUTO).start(second, Map.of(), RunRange.all()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("app 'shop' has deployment " + waiting + " awaiting approval before deploy")
                .extracting(error -> ((InvalidInputException) error).remediation())
                .isEqualTo("Approve it with `hivemind approve " + waiting + "` or reject it with `hivemind reject "
                        + waiting + " --reason TEXT`, then deploy again");
        assertThat(fixture.store.find(second.deploymentId())).isEmpty();
        assertThatThrownBy(() -> conductor(Approver.AUTO).resume(waiting))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("deployment " + waiting + " is awaiting approval before deploy; resuming cannot pass a gate");

        new Approvals(fixture.store, fixture.clock, fixture.listener).reject(waiting, "superseded");

        assertThat(conductor(Approver.AUTO).start(second, Map.of(), RunRange.all()).status())
                .isEqualTo(Status.COMPLETE);
    }

    @Test
    void aStateWithAPendingGateRoundTripsAndAStateFromBeforeGatesLoads() throws Exception {
        DeploymentState initial = gated(List.of(StageName.DEPLOY, StageName.PROVISION),
                Optional.of(Duration.ofMinutes(30)));
        DeploymentState waiting = conductor(Approver.DEFER).start(initial, Map.of(), RunRange.all());
        String json = Files.readString(fixture.store.paths(initial.deploymentId()).state());
        assertThat(json).contains("\"pending_gate\"", "\"gates\" : [ \"provision\", \"deploy\" ]",
                "\"gate_timeout\" : 1800.000000000");

        assertThat(StateJson.read(json)).isEqualTo(waiting);

        ObjectNode old = (ObjectNode) StateJson.MAPPER.readTree(StateJson.write(fixture.newDeployment()));
        old.remove("pending_gate");
        ((ObjectNode) old.get("request")).remove(List.of("gates", "gate_timeout"));
        DeploymentState loaded = StateJson.read(old.toString());
        assertThat(loaded.pendingGate()).isEmpty();
        assertThat(loaded.request().gates()).isEmpty();
        assertThat(loaded.request().gateTimeout()).isEmpty();
    }

    private Conductor conductor(Approver approver) {
        return new Conductor(fixture.store, Pipeline.standard(fixture.services()), RetryPolicy.defaults(),
                fixture.clock, fixture.sleeper, fixture.listener, approver);
    }

    private DeploymentState gated(List<StageName> gates, Optional<Duration> timeout) {
        DeploymentState plain = fixture.newDeployment();
        DeployRequest request = new DeployRequest(fixture.source.toString(), Optional.empty(), Strategy.BLUE_GREEN,
                Optional.empty(), false, HealthCheck.defaults(), false, gates, timeout);
        return DeploymentState.initial(plain.deploymentId(), "shop", "local", "gated", request,
                fixture.clock.instant());
    }
}
