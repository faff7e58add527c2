package dev.hivemind.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.Target;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.TemporaryClone;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.preflight.Preflight;
import dev.hivemind.engine.stage.AppSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind preflight [SOURCE]}: the checks of a deployment's stage 001, run alone. With SOURCE (a directory, or
 * a git URL cloned into a temporary directory) the stack's tools and versions are checked too; without it, what the
 * target and HIVEMIND_HOME need. Exit 4 when a critical check fails; warnings leave it 0.
 */
@Command(name = "preflight", description = "Check that this machine has what SOURCE's stack and the target need.")
public final class PreflightCommand implements Callable<Integer>, WritesHome {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Invocation invocation;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE", description = "A directory or a git URL.")
    String source;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "The sub-directory that holds the app.")
    Optional<String> appDir;

    @Option(names = "--target", paramLabel = "T", defaultValue = "local", description = "Where the app would run: local, ssh or aws.")
    String target;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Mixin
    CloudOptions cloudOptions = new CloudOptions();

    @Option(names = "--port", paramLabel = "N", description = "The public port that must be free.")
    Optional<Integer> port;

    @picocli.CommandLine.Mixin
    ClusterOptions clusterOptions = new ClusterOptions();

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    PreflightCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        port.filter(value -> value < 1 || value > 65_535).ifPresent(value -> {
            throw new InvalidInputException(Agent.CONDUCTOR, "--port " + value + " is not a port",
                    "Checking prerequisites", "Pass a port between 1 and 65535");
        });
        HostSelection hosts = hostOptions.selection(target);
        var cloud = cloudOptions.settings(target, dev.hivemind.api.remote.CloudSettings.none());
        var cluster = clusterOptions.settings(target, cloudOptions.domain(), new ProjectSettings.ImageSettings(
                Optional.empty(), Optional.empty()));
        Wiring wiring = new Wiring(invocation);
        Target chosen = wiring.target(target);
        Optional<SourceLocation> location = Optional.ofNullable(source)
                .map(text -> SourceLocation.parse(text, invocation.workingDirectory()));
        Preflight preflight = new Preflight(wiring.analyzer(), StageSettings.defaults(),
                invocation.environment().getOrDefault("PATH", ""));
        Optional<TechStack> stack = location.map(where -> analyzed(where, wiring));
        List<PreflightCheck> checks = new ArrayList<>(stack.map(preflight::stack)
                .map(found -> Preflight.forTarget(found, chosen)).orElse(List.of()));
        DeployRequest request = new DeployRequest(location.map(SourceLocation::display)
                .orElse(invocation.workingDirectory().toString()), appDir, Strategy.BLUE_GREEN, port, false)
                .withHosts(hosts).withCloud(cloud).withCluster(cluster);
        checks.addAll(chosen.preflight(request, appName(location), stack));
        checks.addAll(preflight.host(wiring.home().root()));
        print(stack, checks);
        return Preflight.passes(checks) ? ExitCodes.OK : ExitCodes.PREFLIGHT_FAILED;
    }

    private TechStack analyzed(SourceLocation location, Wiring wiring) {
        RepositoryAnalyzer analyzer = wiring.analyzer();
        return switch (location) {
            case SourceLocation.LocalDirectory local -> analyzer.analyze(AppSource.appDirectory(local.path(), appDir));
            case SourceLocation.GitUrl git -> TemporaryClone.read(invocation, wiring.fetcher(), git,
                    "hivemind-preflight-", root -> analyzer.analyze(AppSource.appDirectory(root, appDir)));
        };
    }

    /** The name the target knows the app by (its own port counts as free for it); {@code app} without SOURCE. */
    private static String appName(Optional<SourceLocation> location) {
        return location.map(where -> where.suggestedAppName().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", ""))
                .filter(name -> !name.isEmpty()).orElse("app");
    }

    private void print(Optional<TechStack> stack, List<PreflightCheck> checks) {
        if (output == OutputFormat.JSON) {
            printJson(stack, checks);
            return;
        }
        PrintStream out = invocation.out();
        Style style = new Style(invocation.styled());
        out.println(style.bold("Preflight" + Optional.ofNullable(source).map(text -> " of " + text
                + appDir.map(dir -> "/" + dir).orElse("")).orElse("") + " on target " + target)
                + stack.map(found -> " (" + found.language() + ", " + found.framework() + ")").orElse(""));
        for (PreflightCheck check : checks) {
            String status = Preflight.status(check);
            String shown = String.format("%-8s", status);
            out.printf("  %s %-16s %s%n", switch (status) {
                case "ok" -> style.green(shown);
                case "warning" -> style.yellow(shown);
                default -> style.red(shown);
            }, check.name(), check.detail());
            if (!check.passed() && !check.remediation().isBlank()) {
                out.printf("  %-8s %-16s %s%n", "", "", style.cyan("→ " + check.remediation()));
            }
        }
        out.println();
        out.println(summary(checks));
    }

    private static String summary(List<PreflightCheck> checks) {
        long missing = checks.stream().filter(check -> Preflight.status(check).equals("missing")).count();
        long warnings = checks.stream().filter(check -> Preflight.status(check).equals("warning")).count();
        String warned = warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning)" : " warnings)");
        return missing == 0 ? "Ready: every critical check passed" + warned + "."
                : "Not ready: " + missing + (missing == 1 ? " critical check failed" : " critical checks failed")
                + warned + "; install what is missing and run hivemind preflight again.";
    }

    private void printJson(Optional<TechStack> stack, List<PreflightCheck> checks) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source", Optional.ofNullable(source));
        document.put("app_dir", appDir);
        document.put("target", target);
        document.put("stack", stack.map(found -> {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("language", found.language());
            summary.put("framework", found.framework());
            summary.put("runtime_version", found.runtimeVersion());
            summary.put("build_tool", found.buildTool());
            summary.put("database_type", found.databaseType());
            return summary;
        }));
        document.put("ready", Preflight.passes(checks));
        document.put("checks", checks.stream().map(check -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", check.name());
            entry.put("status", Preflight.status(check));
            entry.put("critical", check.critical());
            entry.put("detail", check.detail());
            entry.put("remediation", check.remediation());
            return entry;
        }).toList());
        try {
            invocation.out().println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the preflight checks as JSON", e);
        }
    }
}
