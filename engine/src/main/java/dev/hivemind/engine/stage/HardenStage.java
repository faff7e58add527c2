package dev.hivemind.engine.stage;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.SourceAudit;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Outputs;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * 050 harden: has the target check and tighten the running app, and audits the app's source (committed secrets,
 * vulnerable dependencies); a check that does not pass is a warning. The audit never fails the stage.
 */
public final class HardenStage implements Stage {
    private final Target target;
    private final SourceAudit audit;

    public HardenStage(Target target, SourceAudit audit) {
        this.target = target;
        this.audit = audit;
    }

    @Override
    public StageName name() {
        return StageName.HARDEN;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        DeploymentConfig config = Outputs.require(state.deploymentConfig(), "deployment config", StageName.DEPLOY,
                state, Agent.SHERIFF);
        Infrastructure infrastructure = Outputs.require(state.infrastructure(), "infrastructure",
                StageName.PROVISION, state, Agent.SHERIFF);
        SecurityConfig security = withAudit(target.harden(state.app(), config, infrastructure), audit(context));
        for (SecurityCheck check : security.vulnerabilityScanResults()) {
            if (check.passed()) {
                context.info("check " + check.name() + " passed: " + check.detail());
            } else {
                context.warn("check " + check.name() + " did not pass: " + check.detail());
            }
        }
        security.recommendations().forEach(recommendation -> context.info("recommendation: " + recommendation));
        context.info("security score " + security.securityScore() + "/100; open ports " + security.openPorts()
                + "; TLS " + (security.sslEnabled() ? "on" : "off"));
        return StageResult.completed(state.withSecurityConfig(security));
    }

    private SourceAudit.Report audit(StageContext context) {
        DeploymentState state = context.state();
        Optional<TechStack> stack = state.techStack();
        Path directory;
        try {
            directory = AppSource.appDirectory(AppSource.fetchedDirectory(state, context.paths()),
                    state.request().appDir());
        } catch (RuntimeException gone) {
            context.warn("the source audit was skipped: " + gone.getMessage());
            return new SourceAudit.Report(List.of(), List.of());
        }
        if (stack.isEmpty() || !Files.isDirectory(directory)) {
            context.warn("the source audit was skipped: no source directory " + directory + " or no tech stack");
            return new SourceAudit.Report(List.of(), List.of());
        }
        try {
            return audit.audit(directory, stack.get());
        } catch (RuntimeException failed) {
            // an audit informs; a failing scanner must not cost a deployment that is already running
            context.warn("the source audit failed and was skipped: " + failed);
            return new SourceAudit.Report(List.of(), List.of());
        }
    }

    /** The target's findings followed by the audit's; the score stays the target's (docs/security.md). */
    private static SecurityConfig withAudit(SecurityConfig security, SourceAudit.Report report) {
        return new SecurityConfig(security.sslEnabled(), security.certificateArn(), security.firewallRules(),
                security.openPorts(), Stream.concat(security.vulnerabilityScanResults().stream(),
                report.checks().stream()).toList(), security.securityScore(),
                Stream.concat(security.recommendations().stream(), report.recommendations().stream()).toList());
    }
}
