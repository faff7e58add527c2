package dev.hivemind.cli;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.audit.RepositoryAudit;
import dev.hivemind.analyzer.build.cache.CachingArtifactBuilder;
import dev.hivemind.analyzer.source.GitSourceFetcher;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.cli.command.AgentCommands;
import dev.hivemind.engine.Approvals;
import dev.hivemind.engine.Approver;
import dev.hivemind.engine.Conductor;
import dev.hivemind.engine.DeploymentListener;
import dev.hivemind.engine.Pipeline;
import dev.hivemind.engine.Services;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.retry.Sleeper;
import dev.hivemind.engine.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Puts the engine together with the analyzer, builder and a target: the only place that knows them all. */
public final class Wiring {
    private static final ThreadLocal<List<Target>> OPENED = ThreadLocal.withInitial(java.util.ArrayList::new);
    private final Invocation invocation;
    private final RepositoryAnalyzer analyzer = RepositoryAnalyzer.forOneCommand();

    public Wiring(Invocation invocation) {
        this.invocation = invocation;
    }

    public HivemindHome home() {
        return invocation.home();
    }

    public StateStore store() {
        return new StateStore(home());
    }

    /** The command's one analyzer, so the command reads each hivemind.yaml once (the engine's stages too). */
    public RepositoryAnalyzer analyzer() {
        return analyzer;
    }

    /** A fetcher without the clone cache, for {@code analyze}, which leaves nothing under HIVEMIND_HOME. */
    public SourceFetcher fetcher() {
        return new GitSourceFetcher();
    }

    /**
     * The fetcher of deployments, with the clone cache under HIVEMIND_HOME: {@code deploy} checks a git source with
     * it before the deployment starts, and the analyze stage then only fetches what is new into the same cached
     * clone, so a URL is cloned once per deploy, not twice.
     */
    public SourceFetcher deploymentFetcher() {
        return GitSourceFetcher.cachingIn(home().cache().resolve("repos"));
    }

    /** The stacks' builders behind the build cache under HIVEMIND_HOME, as the build stage uses them. */
    public ArtifactBuilder builder() {
        return new CachingArtifactBuilder(ArtifactBuilders.standard(home().cache()), home().cache().resolve("builds"),
                analyzer);
    }

    /** The target named {@code name}, closed when the CLI's run ends ({@link #closeTargets()}). */
    public Target target(String name) {
        List<TargetFactory> factories = ServiceLoader.load(TargetFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        return factories.stream().filter(factory -> factory.name().equals(name)).findFirst()
                .map(factory -> opened(factory.create(
                        new TargetFactory.TargetEnvironment(home(), AgentCommands.foreground(home()),
                                AgentCommands.program(), invocation.environment()))))
                .orElseThrow(() -> new InvalidInputException(Agent.CONDUCTOR, "unknown target '" + name + "'",
                        "Choosing where to deploy", "Use one of: " + factories.stream().map(TargetFactory::name)
                        .collect(Collectors.joining(", "))));
    }

    private static Target opened(Target target) {
        OPENED.get().add(target);
        return target;
    }

    /** Closes the targets this thread's CLI run opened (their SSH connections, say). */
    static void closeTargets() {
        List<Target> targets = OPENED.get();
        targets.forEach(Target::close);
        targets.clear();
    }

    public Conductor conductor(Target target, DeploymentListener listener) {
        return conductor(target, listener, Approver.DEFER);
    }

    /** A Conductor whose approval gates are decided by {@code approver}. */
    public Conductor conductor(Target target, DeploymentListener listener, Approver approver) {
        Services services = new Services(deploymentFetcher(), analyzer,
                builder(), target).withSourceAudit(new RepositoryAudit());
        return new Conductor(store(), Pipeline.standard(services), RetryPolicy.defaults(),
                Clock.systemUTC(), Sleeper.system(), listener, approver);
    }

    /** Rejections and gate timeouts of waiting deployments. */
    public Approvals approvals() {
        return new Approvals(store(), Clock.systemUTC(), event -> { });
    }
}
