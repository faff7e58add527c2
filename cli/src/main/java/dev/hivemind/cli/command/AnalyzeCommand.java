package dev.hivemind.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.hivemind.analyzer.Analysis;
import dev.hivemind.analyzer.RepositoryAnalyzer.AppCandidate;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.TemporaryClone;
import dev.hivemind.cli.Wiring;
import dev.hivemind.engine.stage.AppSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind analyze SOURCE}: what HiveMind detects in a repository and where each answer came from, without
 * deploying anything. A git URL is cloned into a temporary directory, removed afterwards; a monorepo's root lists
 * its apps with their language and port. A stack HiveMind does not deploy (Ruby, PHP, Rust, .NET, a Dockerfile
 * alone) is described in full with {@code deployable: false} and the reason, and the command still exits 0;
 * {@code deploy} refuses it. An app chosen with {@code --app-dir} is analysed with the manifests of the repository's
 * root it belongs to (a workspace's lock file, a Go module's go.mod, a Gradle build's catalog).
 */
@Command(name = "analyze", description = "Show the tech stack HiveMind detects in SOURCE, and where each answer "
        + "came from.")
public final class AnalyzeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A directory or a git URL.")
    String source;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "The sub-directory that holds the app.")
    Optional<String> appDir;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    AnalyzeCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        SourceLocation location = SourceLocation.parse(source, invocation.workingDirectory());
        Wiring wiring = new Wiring(invocation);
        RepositoryAnalyzer analyzer = wiring.analyzer();
        return switch (location) {
            case SourceLocation.LocalDirectory local -> report(analyzer, local.path());
            case SourceLocation.GitUrl git -> TemporaryClone.read(invocation, wiring.fetcher(), git,
                    "hivemind-analyze-", root -> report(analyzer, root));
        };
    }

    private int report(RepositoryAnalyzer analyzer, Path root) {
        Path directory = AppSource.appDirectory(root, appDir);
        Analysis analysis = analyzer.describe(root, appDir.map(dir -> root.relativize(directory).toString()));
        if (analysis.monorepo()) {
            printCandidates(analyzer.monorepoCandidates(directory), analysis.apps());
            return ExitCodes.OK;
        }
        TechStack stack = analysis.stack().orElseThrow();
        printStack(analysis, analysis.deployable() ? analyzer.requiredTools(stack) : List.of());
        return ExitCodes.OK;
    }

    private void printCandidates(List<AppCandidate> candidates, List<Analysis.App> apps) {
        if (output == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("source", source);
            document.put("app_dir", appDir);
            document.put("monorepo", true);
            document.put("apps", apps);
            document.put("candidates", candidates);
            printJson(document);
            return;
        }
        PrintStream out = invocation.out();
        Style style = new Style(invocation.styled());
        out.println(style.bold(source + appDir.map(dir -> "/" + dir).orElse("")) + " is not an app itself; it holds "
                + apps.size() + (apps.size() == 1 ? " app:" : " apps:"));
        for (Analysis.App app : apps) {
            out.printf("  %-28s %-8s %-12s %-6s %s%n", app.path(), app.language(), app.framework(),
                    app.port().map(String::valueOf).orElse("-"), app.deployable() ? ""
                    : style.yellow("HiveMind does not deploy " + app.language() + " apps"));
        }
        candidates.stream().filter(candidate -> apps.stream().noneMatch(app -> app.path().equals(candidate.directory())))
                .forEach(other -> out.printf("  %-28s %-8s %s%n", other.directory(), other.language(),
                        style.yellow(other.problem().orElse("not an app"))));
        out.println();
        apps.stream().filter(Analysis.App::deployable).findFirst().ifPresent(first -> out.println(
                "Next: hivemind deploy " + source + " --app-dir " + first.path()));
    }

    private void printStack(Analysis analysis, List<ToolRequirement> tools) {
        TechStack stack = analysis.stack().orElseThrow();
        if (output == OutputFormat.JSON) {
            Map<String, Object> techStack = JSON.convertValue(stack, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            techStack.put("port_declared", analysis.portDeclared());
            techStack.put("deployable", analysis.deployable());
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("source", source);
            document.put("app_dir", appDir);
            document.put("monorepo", false);
            document.put("tech_stack", techStack);
            document.put("deployable", analysis.deployable());
            analysis.notDeployable().ifPresent(why -> document.put("not_deployable", why));
            document.put("database_needs_server", stack.databaseNeedsServer());
            document.put("required_tools", tools);
            printJson(document);
            return;
        }
        PrintStream out = invocation.out();
        Style style = new Style(invocation.styled());
        analysis.notDeployable().ifPresent(why -> {
            row(out, style, "deployable", style.yellow("no: " + why.reason()));
            row(out, style, "instead", why.remediation());
        });
        row(out, style, "language", stack.language());
        row(out, style, "framework", stack.framework());
        row(out, style, "runtime version", stack.runtimeVersion());
        row(out, style, "build tool", stack.buildTool());
        stack.buildCommand().ifPresent(command -> row(out, style, "build command", command));
        row(out, style, "start command", stack.startCommand());
        row(out, style, "port", stack.fixedPort().map(fixed -> fixed.port() + " (pinned: the app listens there "
                + "whatever PORT says)").or(() -> stack.port().map(port -> port + (analysis.portDeclared()
                ? " (declared by the app)" : " (the framework's default)"))).orElse("from PORT"));
        row(out, style, "health path", stack.healthCheckPath().orElse("none declared (/ is probed)"));
        row(out, style, "database", stack.databaseType().map(type -> type + (stack.databaseOffered()
                ? " (offered by its postgres profile; embedded by default: HiveMind runs PostgreSQL and activates "
                + "the profile)" : stack.databaseNeedsServer() ? " (needs a server)" : " (embedded)"))
                .orElse("none"));
        stack.migrateCommand().ifPresent(command -> row(out, style, "migrate command", command));
        row(out, style, "dependencies", stack.dependencies().size() + (stack.dependencies().isEmpty() ? ""
                : ": " + String.join(", ", stack.dependencies().subList(0, Math.min(8,
                stack.dependencies().size()))) + (stack.dependencies().size() > 8 ? ", ..." : "")));
        if (analysis.deployable()) {
            row(out, style, "needs", String.join(", ", tools.stream().map(ToolRequirement::command).toList()));
        }
        out.println();
        out.println(style.bold("Evidence"));
        stack.evidence().forEach(line -> out.println("  " + style.dim("·") + " " + line));
    }

    private static void row(PrintStream out, Style style, String name, String value) {
        out.printf("%s %s%n", style.bold(String.format("%-16s", name)), value);
    }

    private void printJson(Map<String, Object> document) {
        try {
            invocation.out().println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the analysis as JSON", e);
        }
    }
}
