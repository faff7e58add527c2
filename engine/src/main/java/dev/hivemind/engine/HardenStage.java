package dev.hivemind.engine;

import dev.hivemind.api.Agent;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.StageName;
import dev.hivemind.api.Target;

/** 050 harden: has the target check and tighten the running app; a check that does not pass is a warning. */
final class HardenStage implements Stage {
    private final Target target;

    HardenStage(Target target) {
        this.target = target;
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
        SecurityConfig security = target.harden(state.app(), config, infrastructure);
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
}
