package dev.hivemind.engine;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Resource;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of whole deployment states, every optional part present or absent, text with awkward characters. */
public final class StateArbitraries {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private StateArbitraries() {
    }

    /** Text with quotes, backslashes, line breaks, pipes, accents, emoji outside the BMP and a control character. */
    static Arbitrary<String> text() {
        return Arbitraries.of("a", "Z", "7", " ", "-", "é", "✅", "🚀", "\n", "\t", "\"", "\\", "|", "/", ":", "{",
                "\u0007", "null").list().ofMaxSize(10).map(parts -> String.join("", parts));
    }

    static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
    }

    public static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(946_684_800L, 4_102_444_799L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    static Arbitrary<String> ids() {
        return Combinators.combine(instants(), Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .ofLength(11)).as((at, suffix) -> STAMP.format(at) + "-" + suffix);
    }

    public static Arbitrary<DeploymentState> states() {
        Arbitrary<DeploymentState> base = Combinators.combine(ids(), Arbitraries.of(Status.class), text(), word(),
                        word(), instants(), instants(), requests())
                .as((id, status, description, app, target, created, updated, request) ->
                        DeploymentState.initial(id, app, target, description, request, created)
                                .withStatus(status, updated));
        return Combinators.combine(base, outputs(), logs(), errors(), stages(), validation())
                .as((state, outputs, logs, errors, stages, checks) -> {
                    DeploymentState result = outputs.applyTo(state).withValidation(checks);
                    for (LogEntry entry : logs) {
                        result = result.withLog(entry);
                    }
                    for (ErrorEntry entry : errors) {
                        result = result.withError(entry);
                    }
                    for (StageRecord stage : stages) {
                        result = result.withStage(stage, stage.startedAt().orElse(result.updatedAt()));
                    }
                    return result;
                });
    }

    /** The agents' outputs, each present or absent. */
    record Outputs(Optional<GitReference> git, Optional<TechStack> stack, Optional<BuildArtifact> artifact,
                   Optional<Infrastructure> infrastructure, Optional<DeploymentConfig> config,
                   Optional<SecurityConfig> security, Optional<String> url) {
        DeploymentState applyTo(DeploymentState state) {
            DeploymentState result = state;
            result = git.map(result::withGit).orElse(result);
            result = stack.map(result::withTechStack).orElse(result);
            result = artifact.map(result::withBuildArtifact).orElse(result);
            result = infrastructure.map(result::withInfrastructure).orElse(result);
            result = config.map(result::withDeploymentConfig).orElse(result);
            result = security.map(result::withSecurityConfig).orElse(result);
            return url.map(result::withUrl).orElse(result);
        }
    }

    static Arbitrary<Outputs> outputs() {
        return Combinators.combine(git().optional(0.5), techStacks().optional(0.5), artifacts().optional(0.5),
                infrastructures().optional(0.5), configs().optional(0.5), securities().optional(0.5),
                text().optional(0.5)).as(Outputs::new);
    }

    static Arbitrary<DeployRequest> requests() {
        return Combinators.combine(text(), word().optional(0.5), Arbitraries.of(Strategy.class),
                Arbitraries.integers().between(1, 65535).optional(0.5), Arbitraries.of(true, false))
                .as(DeployRequest::new);
    }

    static Arbitrary<GitReference> git() {
        return Combinators.combine(text(), word().optional(0.5), word().optional(0.5)).as(GitReference::new);
    }

    static Arbitrary<TechStack> techStacks() {
        return Combinators.combine(word(), word(), text(), word().list().ofMaxSize(4), word().optional(0.5), word(),
                        text(), text().optional(0.5))
                .as((language, framework, runtime, dependencies, database, tool, start, health) -> new TechStack(
                        language, framework, runtime, dependencies, database.isPresent(), database, tool, start,
                        health, List.of(runtime + " from package.json")));
    }

    static Arbitrary<BuildArtifact> artifacts() {
        return Combinators.combine(text(), word(), Arbitraries.longs().between(0, Long.MAX_VALUE), text(), text(),
                Arbitraries.doubles().between(0, 10_000)).as(BuildArtifact::new);
    }

    static Arbitrary<Infrastructure> infrastructures() {
        Arbitrary<Resource> resource = Combinators.combine(word(), text(), text()).as(Resource::new);
        return Combinators.combine(word(), Arbitraries.maps(word(), text()).ofMaxSize(3), resource.list().ofMaxSize(3))
                .as(Infrastructure::new);
    }

    static Arbitrary<DeploymentConfig> configs() {
        Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
        return Combinators.combine(ports, ports, text(), word(), word(), ids(),
                        Arbitraries.maps(word(), Arbitraries.just("***")).ofMaxSize(3), text())
                .flatAs((app, instance, health, service, status, release, environment, log) ->
                        Arbitraries.longs().between(1, 4_194_304).optional(0.5).map(pid -> new DeploymentConfig(app,
                                instance, health, service, status, release, environment, log, pid)));
    }

    static Arbitrary<SecurityConfig> securities() {
        Arbitrary<FirewallRule> rule = Combinators.combine(Arbitraries.integers().between(1, 65535),
                Arbitraries.of("tcp", "udp"), text(), text()).as(FirewallRule::new);
        Arbitrary<SecurityCheck> check = Combinators.combine(word(), Arbitraries.of(true, false), text())
                .as(SecurityCheck::new);
        return Combinators.combine(Arbitraries.of(true, false), text().optional(0.5), rule.list().ofMaxSize(3),
                Arbitraries.integers().between(1, 65535).list().ofMaxSize(3), check.list().ofMaxSize(3),
                Arbitraries.integers().between(0, 100), text().list().ofMaxSize(3)).as(SecurityConfig::new);
    }

    static Arbitrary<List<ValidationCheck>> validation() {
        return Combinators.combine(word(), text(), Arbitraries.of(true, false), Arbitraries.integers().between(0, 599),
                Arbitraries.longs().between(0, 60_000), text()).as(ValidationCheck::new).list().ofMaxSize(3);
    }

    static Arbitrary<List<LogEntry>> logs() {
        return Combinators.combine(instants(), Arbitraries.of(Agent.class), Arbitraries.of(LogEntry.Level.class),
                text()).as(LogEntry::new).list().ofMaxSize(5);
    }

    static Arbitrary<List<ErrorEntry>> errors() {
        return Combinators.combine(instants(), Arbitraries.of(Agent.class), word(), text(), text(), text(), text())
                .as(ErrorEntry::new).list().ofMaxSize(3);
    }

    static Arbitrary<List<StageRecord>> stages() {
        Arbitrary<StageRecord> stage = Combinators.combine(Arbitraries.of(StageName.class),
                Arbitraries.of(StageStatus.class), instants().optional(0.5), instants().optional(0.5),
                Arbitraries.integers().between(0, 9)).as(StageRecord::new);
        return stage.list().ofMaxSize(StageName.values().length);
    }
}
