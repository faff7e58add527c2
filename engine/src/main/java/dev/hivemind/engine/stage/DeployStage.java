package dev.hivemind.engine.stage;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Outputs;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** 040 deploy: has the target start the release, health-gate it and shift traffic to it. */
public final class DeployStage implements Stage {
    private final Target target;

    public DeployStage(Target target) {
        this.target = target;
    }

    @Override
    public StageName name() {
        return StageName.DEPLOY;
    }

    /** The release that starts, how it is judged healthy, and where the app's traffic moves. */
    @Override
    public List<String> plan(DeploymentState state) {
        String start = state.techStack().map(TechStack::startCommand).orElse("the detected start command");
        String url = state.infrastructure().map(target::publicUrl).orElse("the app's public URL");
        String healthPath = state.request().health().resolvePath(
                state.techStack().flatMap(TechStack::healthCheckPath));
        List<String> plan = new ArrayList<>();
        state.techStack().flatMap(MigrationStep::plan).ifPresent(plan::add);
        plan.addAll(List.of(
                "start release " + state.deploymentId() + " of " + state.app() + " with `" + start + "`"
                        + state.buildArtifact().map(artifact -> " from " + artifact.path()).orElse(""),
                "health-gate it: " + state.request().health().threshold() + " passing probes of " + healthPath
                        + " within " + state.request().health().startupDeadline().toSeconds() + " s",
                traffic(state, url)));
        state.techStack().flatMap(TechStack::fixedPort).flatMap(fixed -> target.fixedPortPlan(state.app(), fixed,
                state.strategy(), state.request().rollout().replicas())).ifPresent(plan::add);
        return plan;
    }

    private static String traffic(DeploymentState state, String url) {
        RolloutPolicy policy = state.request().rollout();
        return switch (state.strategy()) {
            case CANARY -> "move the traffic of " + url + " to " + state.deploymentId() + " in canary steps "
                    + policy.canarySteps().stream().map(step -> step.weight() + " %" + step.pause()
                            .map(pause -> " for " + pause.toSeconds() + " s").orElse(" until approved"))
                            .collect(Collectors.joining(" → "))
                    + ", each analysed against the stable release; a failed analysis sends all traffic back";
            case ROLLING -> "replace the replicas of the release serving " + url + " with " + state.deploymentId()
                    + " in batches of " + policy.rollingBatches().stream().map(batch -> batch + " %")
                            .collect(Collectors.joining(" → ")) + "; a failed batch rolls back";
            case BLUE_GREEN, RECREATE -> "move all traffic of " + url + " to " + state.deploymentId() + " ("
                    + state.strategy() + "), then drain and stop the release serving it now";
        };
    }

    private static String replicas(DeploymentState state) {
        int count = state.request().rollout().replicas();
        return count + (count == 1 ? " replica" : " replicas");
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        TechStack stack = Outputs.require(state.techStack(), "tech stack", StageName.ANALYZE, state, Agent.DEPLOYER);
        BuildArtifact artifact = Outputs.require(state.buildArtifact(), "build artifact", StageName.BUILD, state,
                Agent.DEPLOYER);
        Infrastructure infrastructure = Outputs.require(state.infrastructure(), "infrastructure",
                StageName.PROVISION, state, Agent.DEPLOYER);
        Path artifactPath = Path.of(artifact.path());
        if (!Files.isDirectory(artifactPath)) {
            throw new BuildException(Agent.DEPLOYER, "the build artifact " + artifactPath + " no longer exists",
                    "Starting release " + state.deploymentId() + " of app '" + state.app() + "'",
                    "Build it again: `hivemind retry " + state.deploymentId() + " --stage build`");
        }
        HealthCheck health = state.request().health();
        String healthPath = health.resolvePath(stack.healthCheckPath());
        Optional<RolloutProgress> resume = state.rollout().filter(RolloutProgress::awaitingApproval);
        Target.ReleaseSpec release = new Target.ReleaseSpec(state.app(), state.deploymentId(), artifactPath,
                stack.startCommand(), context.environment(), healthPath, state.strategy(), infrastructure, health,
                state.request().rollout(), resume, stack.fixedPort());
        resume.ifPresent(paused -> context.info("continuing the " + paused.strategy() + " of release "
                + state.deploymentId() + " after step " + paused.step() + " of " + paused.steps() + " ("
                + paused.weight() + " %), approved"));
        context.info("starting release " + state.deploymentId() + " with `" + stack.startCommand() + "` ("
                + state.strategy() + ", health path " + healthPath + ", " + health.threshold() + " passes every "
                + health.interval().toMillis() + " ms within " + health.startupDeadline().toSeconds()
                + " s, environment " + new TreeSet<>(context.environment().keySet()) + ", " + replicas(state) + ")");
        // an approved canary continues where it paused: its migrations ran before its first step
        DeploymentState migrated = resume.isPresent() ? state
                : new MigrationStep(target).run(context, state, stack, artifactPath);
        DeploymentConfig config;
        Instant started = context.clock().instant();
        try {
            config = target.deploy(release, context.progress());
        } catch (RolloutPaused paused) {
            context.info("the " + paused.progress().strategy() + " holds at step " + paused.progress().step() + " of "
                    + paused.progress().steps() + " (" + paused.progress().weight() + " % of traffic) until approved");
            return new StageResult.Paused(migrated, paused.plan());
        }
        String url = target.publicUrl(infrastructure);
        context.info("release " + config.releaseId() + " is " + config.serviceStatus() + " and serving " + url
                + " (instance port " + config.instancePort() + config.pid().map(pid -> ", pid " + pid).orElse("")
                + ", log " + config.logPath() + ")");
        DeploymentState deployed = checkDatabaseUse(context, migrated, stack, started);
        return StageResult.completed(deployed.withDeploymentConfig(config).withUrl(url));
    }

    /**
     * Whether the release really connected to the PostgreSQL HiveMind gave it (its connections on the server): an
     * app that runs on something else (an embedded H2 whose data dies with each release, say) is warned about loudly,
     * and the state records it so status and the report do not say the app uses the database.
     */
    private DeploymentState checkDatabaseUse(StageContext context, DeploymentState state, TechStack stack,
                                             Instant started) {
        Optional<DatabaseInfo> database = state.database().filter(
                DatabaseInfo::provisioned);
        if (database.isEmpty()) {
            return state;
        }
        DatabaseInfo info = database.get();
        Optional<Boolean> connected = target.appConnected(state.app(), info, started);
        if (connected.isEmpty()) {
            return state;
        }
        if (connected.get()) {
            String line = "release " + state.deploymentId() + " is connected to its " + info.engine() + " (role "
                    + info.role() + " on database " + info.database() + ")";
            context.progress().line(line);
            context.info(line);
        } else {
            String warning = notConnected(state, stack, info);
            context.progress().line("WARNING: " + warning);
            context.warn(warning);
        }
        return state.withDatabase(Optional.of(info.withAppConnected(connected.get())));
    }

    static String notConnected(DeploymentState state, TechStack stack, DatabaseInfo info) {
        return "THE APP DOES NOT USE ITS DATABASE: release " + state.deploymentId() + " of " + state.app()
                + " opened no connection to the " + info.engine() + " HiveMind runs for it (role " + info.role()
                + " on database " + info.database() + " at " + info.host() + ":" + info.port() + ") within "
                + "seconds of starting, so it keeps its data elsewhere" + (stack.language().equals("java")
                ? " (an embedded H2 or HSQLDB, whose data is lost with each release?)" : "") + ". Make it read "
                + (stack.language().equals("java") ? "SPRING_DATASOURCE_URL or JDBC_DATABASE_URL (HiveMind sets both, "
                + "and DATABASE_URL), or give it a postgres profile (application-postgres.properties)"
                : "DATABASE_URL, which HiveMind sets") + "; an app that connects only on its first request is "
                + "fine and will show as connected after the next deploy";
    }
}
