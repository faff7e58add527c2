package dev.hivemind.engine.stage;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.preflight.DiskSpace;
import dev.hivemind.engine.state.JournalWriter;

/** 070 report: writes the journal and logs a summary of what was deployed. */
public final class ReportStage implements Stage {
    private final JournalWriter journal;

    public ReportStage(JournalWriter journal) {
        this.journal = journal;
    }

    @Override
    public StageName name() {
        return StageName.REPORT;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        journal.write(state, context.paths().journal());
        context.info("journal written to " + context.paths().journal());
        context.info(summary(state));
        return StageResult.completed(state);
    }

    private static String summary(DeploymentState state) {
        long passed = state.validation().stream().filter(ValidationCheck::passed).count();
        return "summary: " + state.techStack().map(ReportStage::stack).orElse("stack unknown")
                + " · artifact " + state.buildArtifact().map(artifact -> DiskSpace.human(artifact.sizeBytes()) + " "
                + artifact.checksum()).orElse("none")
                + " · release " + state.deploymentConfig().map(config -> config.releaseId() + " "
                + config.serviceStatus()).orElse("none")
                + " · security score " + state.securityConfig().map(security -> security.securityScore() + "/100")
                .orElse("none")
                + " · " + passed + "/" + state.validation().size() + " validation checks passed"
                + " · " + state.url().orElse("no URL");
    }

    private static String stack(TechStack stack) {
        return stack.language() + "/" + stack.framework();
    }
}
