package dev.hivemind.engine.stage;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.preflight.Preflight;
import dev.hivemind.engine.preflight.PreflightReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 001 preflight: the checks of {@link Preflight} — the tools and versions the stack needs (when the stack is known: a
 * local directory is analysed here), PostgreSQL when the app uses it — what the target needs, and git, free space and
 * write access in HIVEMIND_HOME; {@code hivemind preflight} runs the same checks. Every critical failure is reported at once.
 */
public final class PreflightStage implements Stage {
    private final StackAnalyzer analyzer;
    private final Target target;
    private final Preflight preflight;

    public PreflightStage(StackAnalyzer analyzer, Target target, StageSettings settings) {
        this(analyzer, target, new Preflight(analyzer, settings));
    }

    public PreflightStage(StackAnalyzer analyzer, Target target, Preflight preflight) {
        this.analyzer = analyzer;
        this.target = target;
        this.preflight = preflight;
    }

    @Override
    public StageName name() {
        return StageName.PREFLIGHT;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        List<PreflightCheck> checks = new ArrayList<>();
        Optional<TechStack> stack = knownStack(state);
        stack.ifPresentOrElse(
                known -> checks.addAll(Preflight.forTarget(preflight.stack(known,
                        Optional.of(context.environment().keySet())), target)),
                () -> context.info("the tools the app needs are checked once the repository is analyzed"));
        checks.addAll(target.preflight(state.request(), state.app(), stack));
        checks.addAll(preflight.host(context.paths().home()));
        PreflightReport.settle(checks, context, Agent.CONDUCTOR,
                "Checking prerequisites for app '" + state.app() + "' on target " + target.name());
        return StageResult.completed(state);
    }

    private Optional<TechStack> knownStack(DeploymentState state) {
        if (state.techStack().isPresent()) {
            return state.techStack();
        }
        if (AppSource.location(state.request()) instanceof SourceLocation.LocalDirectory local) {
            return Optional.of(analyzer.analyze(AppSource.appDirectory(local.path(), state.request().appDir()),
                    state.request().environment()));
        }
        return Optional.empty();
    }
}
