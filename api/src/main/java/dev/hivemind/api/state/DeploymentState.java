package dev.hivemind.api.state;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one deployment, persisted as {@code state.json} after every step.
 * State changes return a new record.
 */
public record DeploymentState(
        int schemaVersion,
        String deploymentId,
        Status status,
        String repoUrl,
        String description,
        String app,
        String target,
        Strategy strategy,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> completedAt,
        DeployRequest request,
        Optional<GitReference> git,
        Optional<TechStack> techStack,
        Optional<BuildArtifact> buildArtifact,
        Optional<Infrastructure> infrastructure,
        Optional<DeploymentConfig> deploymentConfig,
        Optional<SecurityConfig> securityConfig,
        List<ValidationCheck> validation,
        List<LogEntry> logs,
        List<ErrorEntry> errors,
        List<StageRecord> stages,
        String region,
        double estimatedCostPerMonth,
        Optional<String> url,
        Optional<PendingGate> pendingGate,
        Optional<RolloutProgress> rollout,
        Optional<DatabaseInfo> database,
        List<HookStep> hooks) {

    public static final int SCHEMA_VERSION = 1;

    public DeploymentState {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(repoUrl, "repoUrl");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(git, "git");
        Objects.requireNonNull(techStack, "techStack");
        Objects.requireNonNull(buildArtifact, "buildArtifact");
        Objects.requireNonNull(infrastructure, "infrastructure");
        Objects.requireNonNull(deploymentConfig, "deploymentConfig");
        Objects.requireNonNull(securityConfig, "securityConfig");
        validation = List.copyOf(validation);
        logs = List.copyOf(logs);
        errors = List.copyOf(errors);
        stages = List.copyOf(stages);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(url, "url");
        pendingGate = pendingGate == null ? Optional.empty() : pendingGate;
        rollout = rollout == null ? Optional.empty() : rollout;
        database = database == null ? Optional.empty() : database;
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** A new deployment: {@code pending}, every stage pending, the repository URL recorded (property 37). */
    public static DeploymentState initial(
            String deploymentId, String app, String target, String description, DeployRequest request, Instant now) {
        List<StageRecord> stages = new ArrayList<>();
        for (StageName stage : StageName.values()) {
            stages.add(StageRecord.pending(stage));
        }
        return new DeploymentState(SCHEMA_VERSION, deploymentId, Status.PENDING, request.source(), description, app,
                target, request.strategy(), now, now, Optional.empty(), request, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                stages, "local", 0.0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** The new status; {@code completed_at} is set on a terminal status and cleared otherwise. */
    public DeploymentState withStatus(Status newStatus, Instant now) {
        Optional<Instant> completed = newStatus.terminal() ? Optional.of(now) : Optional.empty();
        return copy().status(newStatus).completedAt(completed).updatedAt(now).build();
    }

    public DeploymentState withStage(StageRecord stage, Instant now) {
        List<StageRecord> updated = new ArrayList<>(stages);
        updated.replaceAll(existing -> existing.name() == stage.name() ? stage : existing);
        return copy().stages(updated).updatedAt(now).build();
    }

    public DeploymentState withLog(LogEntry entry) {
        List<LogEntry> updated = new ArrayList<>(logs);
        updated.add(entry);
        return copy().logs(updated).updatedAt(entry.timestamp()).build();
    }

    public DeploymentState withError(ErrorEntry entry) {
        List<ErrorEntry> updated = new ArrayList<>(errors);
        updated.add(entry);
        return copy().errors(updated).updatedAt(entry.timestamp()).build();
    }

    public DeploymentState withGit(GitReference reference) {
        return copy().git(Optional.of(reference)).build();
    }

    public DeploymentState withTechStack(TechStack stack) {
        return copy().techStack(Optional.of(stack)).build();
    }

    public DeploymentState withBuildArtifact(BuildArtifact artifact) {
        return copy().buildArtifact(Optional.of(artifact)).build();
    }

    public DeploymentState withInfrastructure(Infrastructure provisioned) {
        return copy().infrastructure(Optional.of(provisioned)).build();
    }

    public DeploymentState withDeploymentConfig(DeploymentConfig config) {
        return copy().deploymentConfig(Optional.of(config)).build();
    }

    public DeploymentState withSecurityConfig(SecurityConfig config) {
        return copy().securityConfig(Optional.of(config)).build();
    }

    public DeploymentState withValidation(List<ValidationCheck> checks) {
        return copy().validation(checks).build();
    }

    public DeploymentState withUrl(String publicUrl) {
        return copy().url(Optional.of(publicUrl)).build();
    }

    /** The gate the deployment waits at ({@code awaiting_approval}), or none. */
    public DeploymentState withPendingGate(Optional<PendingGate> gate) {
        return copy().pendingGate(gate).build();
    }

    /** Where the canary or rolling update stands. */
    public DeploymentState withRollout(Optional<RolloutProgress> progress) {
        return copy().rollout(progress).build();
    }

    /** The database given to the app. */
    public DeploymentState withDatabase(Optional<DatabaseInfo> info) {
        return copy().database(info).build();
    }

    /** The hooks {@code hivemind.yaml} gives the deployment, with how far each got. */
    public DeploymentState withHooks(List<HookStep> steps) {
        return copy().hooks(steps).build();
    }

    /** The hook of the same name replaced by {@code step}. */
    public DeploymentState withHook(HookStep step, Instant now) {
        List<HookStep> updated = new ArrayList<>(hooks);
        updated.replaceAll(existing -> existing.name() == step.name() ? step : existing);
        return copy().hooks(updated).updatedAt(now).build();
    }

    /** The monthly cost the target estimates for what it provisioned (0 for the local target). */
    public DeploymentState withEstimatedCostPerMonth(double cost) {
        if (cost < 0 || Double.isNaN(cost)) {
            throw new IllegalArgumentException("an estimated cost must be 0 or more, not " + cost);
        }
        return copy().estimatedCostPerMonth(cost).build();
    }

    public Optional<HookStep> hook(HookName name) {
        return hooks.stream().filter(hook -> hook.name() == name).findFirst();
    }

    public Optional<StageRecord> stage(StageName name) {
        return stages.stream().filter(stage -> stage.name() == name).findFirst();
    }

    /** The first stage that has not completed, or empty when every one has. */
    public Optional<StageName> firstUnfinishedStage() {
        return stages.stream()
                .filter(stage -> stage.status() != StageStatus.COMPLETED && stage.status() != StageStatus.SKIPPED)
                .map(StageRecord::name)
                .findFirst();
    }

    public Optional<ErrorEntry> lastError() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** A mutable copy used only to build the next record. */
    private static final class Copy {
        private Status status;
        private Instant updatedAt;
        private Optional<Instant> completedAt;
        private Optional<GitReference> git;
        private Optional<TechStack> techStack;
        private Optional<BuildArtifact> buildArtifact;
        private Optional<Infrastructure> infrastructure;
        private Optional<DeploymentConfig> deploymentConfig;
        private Optional<SecurityConfig> securityConfig;
        private List<ValidationCheck> validation;
        private List<LogEntry> logs;
        private List<ErrorEntry> errors;
        private List<StageRecord> stages;
        private Optional<String> url;
        private Optional<PendingGate> pendingGate;
        private Optional<RolloutProgress> rollout;
        private Optional<DatabaseInfo> database;
        private List<HookStep> hooks;
        private double estimatedCostPerMonth;
        private final DeploymentState from;

        Copy(DeploymentState from) {
            this.from = from;
            status = from.status;
            updatedAt = from.updatedAt;
            completedAt = from.completedAt;
            git = from.git;
            techStack = from.techStack;
            buildArtifact = from.buildArtifact;
            infrastructure = from.infrastructure;
            deploymentConfig = from.deploymentConfig;
            securityConfig = from.securityConfig;
            validation = from.validation;
            logs = from.logs;
            errors = from.errors;
            stages = from.stages;
            url = from.url;
            pendingGate = from.pendingGate;
            rollout = from.rollout;
            database = from.database;
            hooks = from.hooks;
            estimatedCostPerMonth = from.estimatedCostPerMonth;
        }

        Copy status(Status value) { status = value; return this; }
        Copy updatedAt(Instant value) { updatedAt = value; return this; }
        Copy completedAt(Optional<Instant> value) { completedAt = value; return this; }
        Copy git(Optional<GitReference> value) { git = value; return this; }
        Copy techStack(Optional<TechStack> value) { techStack = value; return this; }
        Copy buildArtifact(Optional<BuildArtifact> value) { buildArtifact = value; return this; }
        Copy infrastructure(Optional<Infrastructure> value) { infrastructure = value; return this; }
        Copy deploymentConfig(Optional<DeploymentConfig> value) { deploymentConfig = value; return this; }
        Copy securityConfig(Optional<SecurityConfig> value) { securityConfig = value; return this; }
        Copy validation(List<ValidationCheck> value) { validation = value; return this; }
        Copy logs(List<LogEntry> value) { logs = value; return this; }
        Copy errors(List<ErrorEntry> value) { errors = value; return this; }
        Copy stages(List<StageRecord> value) { stages = value; return this; }
        Copy url(Optional<String> value) { url = value; return this; }
        Copy pendingGate(Optional<PendingGate> value) { pendingGate = value; return this; }
        Copy rollout(Optional<RolloutProgress> value) { rollout = value; return this; }
        Copy database(Optional<DatabaseInfo> value) { database = value; return this; }
        Copy hooks(List<HookStep> value) { hooks = value; return this; }
        Copy estimatedCostPerMonth(double value) { estimatedCostPerMonth = value; return this; }

        DeploymentState build() {
            return new DeploymentState(from.schemaVersion, from.deploymentId, status, from.repoUrl, from.description,
                    from.app, from.target, from.strategy, from.createdAt, updatedAt, completedAt, from.request, git,
                    techStack, buildArtifact, infrastructure, deploymentConfig, securityConfig, validation, logs,
                    errors, stages, from.region, estimatedCostPerMonth, url, pendingGate, rollout, database, hooks);
        }
    }
}
