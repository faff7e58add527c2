package dev.hivemind.engine.stage;

import dev.hivemind.api.GitReference;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.preflight.Preflight;
import dev.hivemind.engine.preflight.PreflightReport;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * 010 analyze: brings the source to disk (a git source is cloned into the deployment's {@code source/}, from a
 * clone cache when the fetcher keeps one and the request is not a fresh start),
 * finds the app in it and detects its stack. For a git source, whose stack preflight could not know, the checks
 * preflight makes of a directory's stack are made here, before the build: the tools and versions the stack needs, and
 * the database (a MySQL app without a {@code DATABASE_URL} stops here, not at provision after a build).
 */
public final class AnalyzeStage implements Stage {
    private final SourceFetcher fetcher;
    private final StackAnalyzer analyzer;
    private final Preflight preflight;
    private final Optional<dev.hivemind.api.Target> target;

    public AnalyzeStage(SourceFetcher fetcher, StackAnalyzer analyzer, StageSettings settings) {
        this(fetcher, analyzer, settings, Optional.empty());
    }

    /** {@code target}: the deployment's, whose database server the tools check takes into account. */
    public AnalyzeStage(SourceFetcher fetcher, StackAnalyzer analyzer, StageSettings settings,
                        Optional<dev.hivemind.api.Target> target) {
        this.fetcher = fetcher;
        this.analyzer = analyzer;
        this.preflight = new Preflight(analyzer, settings);
        this.target = target;
    }

    @Override
    public StageName name() {
        return StageName.ANALYZE;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        SourceLocation location = AppSource.location(state.request());
        Path checkout = context.paths().source();
        if (location instanceof SourceLocation.GitUrl) {
            removeEarlierClone(checkout, context);
        }
        SourceFetcher.FetchedSource fetched = fetcher.fetch(location, checkout, context.progress(),
                state.request().freshStart());
        context.info("source " + describe(fetched.reference())
                + (fetched.directory().toString().equals(fetched.reference().repository()) ? ""
                : ", checked out in " + fetched.directory()));
        Path app = namingTheSource(location, fetched.directory(),
                () -> AppSource.appDirectory(fetched.directory(), state.request().appDir()));
        TechStack stack = namingTheSource(location, fetched.directory(),
                () -> analyzer.analyze(app, state.request().environment()));
        context.info(describe(stack));
        if (!stack.evidence().isEmpty()) {
            context.info("evidence: " + String.join("; ", stack.evidence()));
        }
        if (location instanceof SourceLocation.GitUrl && preflightRan(state)) {
            List<dev.hivemind.api.PreflightCheck> checks = preflight.stack(stack,
                    Optional.of(context.environment().keySet()));
            PreflightReport.settle(target.map(chosen -> Preflight.forTarget(checks, chosen)).orElse(checks), context,
                    Agent.COMPILER, "Checking the tools and the database " + stack.language() + " apps need, after "
                    + "analyzing " + location.display());
        }
        List<HookStep> hooks = namingTheSource(location, fetched.directory(),
                () -> analyzer.hooks(app, state.request().environment()));
        if (!hooks.isEmpty()) {
            context.info("hooks from hivemind.yaml: " + hooks.stream().map(hook -> hook.name() + " ("
                    + hook.commands().size() + (hook.commands().size() == 1 ? " command" : " commands") + ")")
                    .collect(Collectors.joining(", ")));
        }
        return StageResult.completed(state.withGit(fetched.reference()).withTechStack(stack).withHooks(hooks));
    }

    /**
     * Runs a question about the checked-out source; for a git source, an error in it names the repository's URL
     * where it named the temporary checkout, which means nothing to the user and is gone after the run.
     */
    private static <T> T namingTheSource(SourceLocation location, Path checkout, Supplier<T> question) {
        try {
            return question.get();
        } catch (InvalidInputException error) {
            throw location instanceof SourceLocation.GitUrl git ? error.showing(checkout, git.redacted()) : error;
        }
    }

    private static boolean preflightRan(DeploymentState state) {
        return state.stage(StageName.PREFLIGHT).map(stage -> stage.status() == StageStatus.COMPLETED).orElse(false);
    }

    private static void removeEarlierClone(Path checkout, StageContext context) {
        if (!Files.exists(checkout)) {
            return;
        }
        context.info("removing the clone left by an earlier attempt in " + checkout);
        try {
            PrivateFiles.deleteTree(checkout);
        } catch (IOException error) {
            throw IoErrors.failure("remove the earlier clone", checkout, error);
        }
    }

    private static String describe(GitReference reference) {
        return reference.repository() + reference.branch().map(branch -> " branch " + branch).orElse("")
                + reference.commit().map(commit -> " commit " + commit).orElse("");
    }

    private static String describe(TechStack stack) {
        return "detected " + stack.language() + " " + stack.runtimeVersion() + " (framework " + stack.framework()
                + ", build tool " + stack.buildTool() + ", direct dependencies: " + stack.dependencies().size()
                + stack.databaseType().map(db -> ", database " + db).orElse(", no database")
                + "); start command `" + stack.startCommand() + "`"
                + stack.healthCheckPath().map(path -> ", health path " + path).orElse("");
    }
}
