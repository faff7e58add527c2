package dev.hivemind.cli.command;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.state.StageName;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.TemporaryClone;
import dev.hivemind.cli.Wiring;
import dev.hivemind.engine.stage.AppSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code deploy} takes from the app's {@code hivemind.yaml} before it creates anything, with the overlay of the
 * environment applied: the keys, the gates it names and the resolved {@code env} values. A git source's file is
 * read from a temporary clone, so a git URL deploys with its configuration like a local directory.
 *
 * @param config the file's keys
 * @param gates  the file's {@code gates:} when it has the key (an empty list: no gate)
 * @param values the app's environment values from the file (possibly secrets)
 * @param tls     whether the file asks for HTTPS on the public port ({@code tls: true})
 * @param rollout the file's replicas, canary, rolling, probes, drain and crash-loop keys (defaults where absent)
 * @param startup the startup probe's fields the file sets ({@code probes.startup} and {@code health:})
 * @param remote  the file's target and hosts ({@code target:}, {@code hosts:}, {@code ssh-key:} made absolute)
 * @param cloud   the file's {@code aws:}
 * @param image   the file's {@code image:} registry and base and {@code database.in-cluster}'s storage, for the
 *                kubernetes target
 */
record ProjectSettings(ProjectConfig config, Optional<List<StageName>> gates, Map<String, String> values,
                       boolean tls, RolloutPolicy rollout, HealthCheck.Settings startup,
                       ProjectFile.RemoteSettings remote, dev.hivemind.api.remote.CloudSettings cloud,
                       ImageSettings image) {

    /** {@code image: {registry: ..., base: ...}}, each if set. */
    record ImageSettings(Optional<String> registry, Optional<String> base, Optional<String> inClusterDatabase) {
        ImageSettings(Optional<String> registry, Optional<String> base) {
            this(registry, base, Optional.empty());
        }
    }

    ProjectSettings {
        gates = gates.map(List::copyOf);
        values = Map.copyOf(values);
    }

    /**
     * Reads and checks the configuration (and that the app is one HiveMind can deploy) for {@code location}.
     *
     * @throws dev.hivemind.api.error.InvalidInputException when the file or the app is not usable; nothing is created
     */
    static ProjectSettings read(Invocation invocation, Wiring wiring, SourceLocation location,
                                Optional<String> appDir, String environment) {
        RepositoryAnalyzer analyzer = wiring.analyzer();
        return switch (location) {
            case SourceLocation.LocalDirectory local -> read(analyzer,
                    AppSource.appDirectory(local.path(), appDir), environment, invocation.environment());
            // the clone cache's fetcher: the analyze stage then fetches only what is new, it does not clone again
            case SourceLocation.GitUrl git -> TemporaryClone.read(invocation, wiring.deploymentFetcher(), git,
                    "hivemind-deploy-", root -> read(analyzer, AppSource.appDirectory(root, appDir), environment,
                            invocation.environment()));
        };
    }

    private static ProjectSettings read(RepositoryAnalyzer analyzer, Path app, String environment,
                                        Map<String, String> process) {
        ProjectFile file = analyzer.projectFile(app);
        ProjectConfig config = file.config(environment);
        ProjectSettings settings = new ProjectSettings(config, file.configuredGates(environment),
                config.environmentValues(app, process), file.tls(environment), file.rollout(environment),
                file.startupProbe(environment), absoluteKey(file.remote(environment), app), file.cloud(environment),
                new ImageSettings(file.imageRegistry(environment), file.imageBase(environment),
                        file.inClusterDatabase(environment).map(ProjectFile.InClusterDatabase::storage)));
        file.hooks(environment); // a zero hook timeout is refused now, not in the analyze stage
        analyzer.analyze(app, environment);
        return settings;
    }

    /** The {@code ssh-key:} of the file, relative to the app's directory unless absolute. */
    private static ProjectFile.RemoteSettings absoluteKey(ProjectFile.RemoteSettings remote, Path app) {
        return new ProjectFile.RemoteSettings(remote.target(), remote.hosts(),
                remote.sshKey().map(key -> app.resolve(key).toAbsolutePath().normalize().toString()),
                remote.maxParallel());
    }
}
