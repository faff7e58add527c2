package dev.hivemind.engine;

import dev.hivemind.api.Agent;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.StageName;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 001 preflight: the tools the stack needs (when the stack is known: a local directory is analysed here), what
 * the target needs, and free space and write access in HIVEMIND_HOME. Every critical failure is reported at once.
 */
final class PreflightStage implements Stage {
    private final StackAnalyzer analyzer;
    private final Target target;
    private final ToolCheck tools;
    private final DiskSpace disk;

    PreflightStage(StackAnalyzer analyzer, Target target, StageSettings settings) {
        this.analyzer = analyzer;
        this.target = target;
        this.tools = new ToolCheck(settings.toolTimeout());
        this.disk = new DiskSpace(settings.diskWarnBytes(), settings.diskFailBytes());
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
                known -> checks.addAll(tools.checkAll(analyzer.requiredTools(known))),
                () -> context.info("the tools the app needs are checked once the repository is analyzed"));
        checks.addAll(target.preflight(state.request(), state.app()));
        checks.add(disk.check(context.paths().home()));
        checks.add(DiskSpace.writeAccess(context.paths().home()));
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
