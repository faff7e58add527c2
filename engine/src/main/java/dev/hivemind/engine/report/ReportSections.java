package dev.hivemind.engine.report;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.engine.preflight.DiskSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report's sections of facts: plan, build, infrastructure, database (when the app has one), deployment, hardening. */
final class ReportSections {
    static final String PLAN = "Deployment Plan";
    static final String BUILD = "Build";
    static final String INFRASTRUCTURE = "Infrastructure";
    static final String DATABASE = "Database";
    static final String DEPLOYMENT = "Deployment";
    static final String HARDENING = "Hardening";

    private ReportSections() {
    }

    static List<ReportModel.Section> of(DeploymentState state, Optional<DatabaseFacts> database) {
        List<ReportModel.Section> sections = new ArrayList<>(List.of(new ReportModel.Section(PLAN, plan(state)),
                new ReportModel.Section(BUILD, build(state)),
                new ReportModel.Section(INFRASTRUCTURE, state.infrastructure()
                        .map(infrastructure -> infrastructure(infrastructure, state.estimatedCostPerMonth()))
                        .orElse(List.of("Nothing provisioned.")))));
        database.ifPresent(facts -> sections.add(new ReportModel.Section(DATABASE, facts.lines())));
        sections.add(new ReportModel.Section(DEPLOYMENT, state.deploymentConfig().map(ReportSections::deployment)
                .orElse(List.of("Not deployed."))));
        sections.add(new ReportModel.Section(HARDENING, state.securityConfig().map(ReportSections::hardening)
                .orElse(List.of("Not hardened."))));
        return sections;
    }

    private static List<String> plan(DeploymentState state) {
        List<String> facts = new ArrayList<>();
        facts.add("App " + state.app() + " from " + state.repoUrl() + " to target " + state.target() + ", strategy "
                + state.strategy() + ", region " + state.region());
        state.git().ifPresent(git -> facts.add("Git: " + git.repository() + ", branch "
                + git.branch().orElse("(none)") + ", commit " + git.commit().orElse("(none)")));
        state.request().appDir().ifPresent(dir -> facts.add("App directory: " + dir));
        for (StageRecord stage : state.stages()) {
            facts.add(stage.name().number() + " " + stage.name() + " (" + stage.name().agent().displayName() + "): "
                    + stage.name().summary() + " — " + stage.status());
        }
        return facts;
    }

    private static List<String> build(DeploymentState state) {
        List<String> facts = new ArrayList<>();
        state.techStack().ifPresentOrElse(stack -> stack(stack, facts), () -> facts.add("Stack not analyzed."));
        state.buildArtifact().ifPresentOrElse(artifact -> artifact(artifact, facts),
                () -> facts.add("Nothing built."));
        return facts;
    }

    private static void stack(TechStack stack, List<String> facts) {
        facts.add("Stack: " + stack.language() + " " + stack.runtimeVersion() + ", framework " + stack.framework()
                + ", build tool " + stack.buildTool());
        facts.add("Start command: " + stack.startCommand());
        facts.add("Database: " + stack.databaseType().orElse("none"));
    }

    private static void artifact(BuildArtifact artifact, List<String> facts) {
        facts.add("Artifact: " + artifact.path() + " (" + artifact.type() + ", " + DiskSpace.human(artifact.sizeBytes())
                + ")");
        facts.add("Checksum: " + artifact.checksum());
        facts.add(String.format(Locale.ROOT, "Built with %s in %.1f s", artifact.buildCommand(),
                artifact.buildDurationSeconds()));
    }

    private static List<String> infrastructure(Infrastructure infrastructure, double costPerMonth) {
        List<String> facts = new ArrayList<>();
        facts.add("Target: " + infrastructure.target());
        facts.add("Estimated cost: " + Numbers.dollars(costPerMonth) + " a month");
        facts.addAll(ReportModel.facts(infrastructure.properties()));
        infrastructure.resources().forEach(resource -> facts.add("Created " + resource.type() + " " + resource.id()
                + ": " + resource.description()));
        return facts;
    }

    private static List<String> deployment(DeploymentConfig config) {
        return List.of("Release " + config.releaseId() + " of " + config.serviceName() + ": " + config.serviceStatus()
                        + config.pid().map(pid -> ", pid " + pid).orElse(""),
                "Public port " + config.appPort() + ", instance port " + config.instancePort() + ", health path "
                        + config.healthCheckPath(),
                "Environment variables: " + ReportModel.names(config.environmentVariables()),
                "Log: " + config.logPath());
    }

    private static List<String> hardening(SecurityConfig security) {
        List<String> facts = new ArrayList<>();
        facts.add("Security score: " + security.securityScore() + "/100");
        facts.add("TLS: " + (security.sslEnabled() ? "on" : "off") + security.certificateArn()
                .map(arn -> " (certificate " + arn + ")").orElse(""));
        facts.add("Open ports: " + security.openPorts());
        security.firewallRules().forEach(rule -> facts.add("Allows " + rule.protocol() + "/" + rule.port() + " from "
                + rule.source() + ": " + rule.description()));
        security.vulnerabilityScanResults().forEach(check -> facts.add("Finding: " + ReportModel.check(check)));
        security.recommendations().forEach(recommendation -> facts.add("Recommendation: " + recommendation));
        return facts;
    }
}
