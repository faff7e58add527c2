package dev.hivemind.engine;

import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.stage.AnalyzeStage;
import dev.hivemind.engine.stage.BuildStage;
import dev.hivemind.engine.stage.DeployStage;
import dev.hivemind.engine.stage.HardenStage;
import dev.hivemind.engine.stage.InitStage;
import dev.hivemind.engine.stage.PreflightStage;
import dev.hivemind.engine.stage.ProvisionStage;
import dev.hivemind.engine.stage.ReportStage;
import dev.hivemind.engine.stage.ValidateStage;
import dev.hivemind.engine.state.JournalWriter;
import java.util.List;

/** The pipeline, declared once: one stage per {@link StageName}, in order. */
public final class Pipeline {

    private Pipeline() {
    }

    /** init, preflight, analyze, build, provision, deploy, harden, validate, report. */
    public static List<Stage> standard(Services services) {
        StageSettings settings = services.settings();
        return List.of(
                new InitStage(services.target()),
                new PreflightStage(services.stackAnalyzer(), services.target(), settings),
                new AnalyzeStage(services.sourceFetcher(), services.stackAnalyzer(), settings,
                        java.util.Optional.of(services.target())),
                new BuildStage(services.artifactBuilder()),
                new ProvisionStage(services.target()),
                new DeployStage(services.target()),
                new HardenStage(services.target(), services.sourceAudit()),
                new ValidateStage(settings, services.stackAnalyzer(), services.target()),
                new ReportStage(new JournalWriter()));
    }

    /**
     * Checks that {@code stages} hold one stage per {@link StageName}, in the enum's order.
     *
     * @throws IllegalArgumentException when they do not
     */
    static List<Stage> check(List<Stage> stages) {
        List<StageName> names = stages.stream().map(Stage::name).toList();
        if (!names.equals(List.of(StageName.values()))) {
            throw new IllegalArgumentException("a pipeline needs one stage per StageName in order "
                    + List.of(StageName.values()) + ", got " + names);
        }
        return List.copyOf(stages);
    }
}
