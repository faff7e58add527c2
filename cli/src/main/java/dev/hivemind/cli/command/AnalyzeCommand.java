package dev.hivemind.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
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
 * its apps.
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
        List<AppCandidate> candidates = analyzer.monorepoCandidates(directory);
        if (!candidates.isEmpty()) {
            printCandidates(candidates);
            return ExitCodes.OK;
        }
        TechStack stack = analyzer.analyze(directory);
        printStack(stack, analyzer.requiredTools(stack));
        return ExitCodes.OK;
    }

    private void printCandidates(List<AppCandidate> candidates) {
        if (output == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("source", source);
            document.put("app_dir", appDir);
            document.put("monorepo", true);
            document.put("candidates", candidates);
            printJson(document);
            return;
        }
        PrintStream out = invocation.out();
        Style style = new Style(invocation.styled());
        out.println(style.bold(source + appDir.map(dir -> "/" + dir).orElse("")) + " is not an app itself; it holds "
                + candidates.size() + (candidates.size() == 1 ? " app:" : " apps:"));
        for (AppCandidate candidate : candidates) {
            out.printf("  %-28s %-8s %-12s %s%n", candidate.directory(), candidate.language(), candidate.framework(),
                    candidate.problem().map(style::yellow).orElse(""));
        }
        out.println();
        out.println("Next: hivemind deploy " + source + " --app-dir " + candidates.getFirst().directory());
    }

    private void printStack(TechStack stack, List<ToolRequirement> tools) {
        if (output == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("source", source);
            document.put("app_dir", appDir);
            document.put("monorepo", false);
            document.put("tech_stack", stack);
            document.put("database_needs_server", stack.databaseNeedsServer());
            document.put("required_tools", tools);
            printJson(document);
            return;
        }
        PrintStream out = invocation.out();
        Style style = new Style(invocation.styled());
        row(out, style, "language", stack.language());
        row(out, style, "framework", stack.framework());
        row(out, style, "runtime version", stack.runtimeVersion());
        row(out, style, "build tool", stack.buildTool());
        stack.buildCommand().ifPresent(command -> row(out, style, "build command", command));
        row(out, style, "start command", stack.startCommand());
        row(out, style, "port", stack.port().map(String::valueOf).orElse("from PORT"));
        row(out, style, "health path", stack.healthCheckPath().orElse("none declared (/ is probed)"));
        row(out, style, "database", stack.databaseType().map(type -> type + (stack.databaseNeedsServer()
                ? " (needs a server)" : " (embedded)")).orElse("none"));
        stack.migrateCommand().ifPresent(command -> row(out, style, "migrate command", command));
        row(out, style, "dependencies", stack.dependencies().size() + (stack.dependencies().isEmpty() ? ""
                : ": " + String.join(", ", stack.dependencies().subList(0, Math.min(8,
                stack.dependencies().size()))) + (stack.dependencies().size() > 8 ? ", ..." : "")));
        row(out, style, "needs", String.join(", ", tools.stream().map(ToolRequirement::command).toList()));
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
