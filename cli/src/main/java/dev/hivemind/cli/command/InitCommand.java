package dev.hivemind.cli.command;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Wiring;
import dev.hivemind.engine.stage.AppSource;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind init [SOURCE]}: analyses a local directory and writes its {@code hivemind.yaml} with the detected
 * values as defaults, asking for each on a terminal; {@code --yes} (or no terminal) takes the defaults. An existing
 * file is kept unless {@code --force}.
 */
@Command(name = "init", description = "Write hivemind.yaml for the app in SOURCE with what HiveMind detects.")
public final class InitCommand implements Callable<Integer> {
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final List<String> STRATEGIES = List.of("blue-green", "recreate");

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "SOURCE", defaultValue = ".", description = "The app's directory "
            + "(default: the current directory).")
    String source;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "The sub-directory that holds the app.")
    Optional<String> appDir;

    @Option(names = "--yes", description = "Take the detected defaults without asking.")
    boolean yes;

    @Option(names = "--force", description = "Overwrite an existing hivemind.yaml.")
    boolean force;

    InitCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Path directory = directory();
        Path file = directory.resolve(ProjectConfig.FILE);
        if (Files.exists(file) && !force) {
            throw new InvalidInputException(Agent.CONDUCTOR, file + " already exists",
                    "Writing " + ProjectConfig.FILE, "Edit it, or pass --force to replace it with a new one");
        }
        RepositoryAnalyzer analyzer = new Wiring(invocation).analyzer();
        TechStack stack = analyzer.analyze(directory);
        InitAnswers defaults = defaults(directory, analyzer.projectFile(directory).config(), stack);
        InitAnswers answers = yes || !invocation.terminal() || System.console() == null ? defaults
                : ask(System.console(), defaults);
        write(file, answers.render(stack));
        ProjectFile.read(directory); // the file just written, checked against the schema
        invocation.out().println("Wrote " + file + " (app " + answers.app() + answers.port().map(p -> ", port " + p)
                .orElse("") + ", health path " + answers.healthPath() + ", strategy " + answers.strategy() + ")");
        invocation.out().println("Next: hivemind deploy " + source + appDir.map(dir -> " --app-dir " + dir).orElse("")
                + " --environment " + answers.environment());
        return ExitCodes.OK;
    }

    private Path directory() {
        SourceLocation location = SourceLocation.parse(source, invocation.workingDirectory());
        if (!(location instanceof SourceLocation.LocalDirectory local)) {
            throw new InvalidInputException(Agent.CONDUCTOR, "init writes into a local directory, not "
                    + location.display(), "Writing " + ProjectConfig.FILE, "Clone the repository and run "
                    + "'hivemind init' in its directory, then commit " + ProjectConfig.FILE);
        }
        return AppSource.appDirectory(local.path(), appDir);
    }

    private static InitAnswers defaults(Path directory, ProjectConfig existing, TechStack stack) {
        String app = existing.app().orElseGet(() -> derivedName(directory));
        return new InitAnswers(app, stack.port(), stack.healthCheckPath().orElse("/"),
                existing.strategy().filter(STRATEGIES::contains).orElse("blue-green"),
                ProjectConfig.DEFAULT_ENVIRONMENT, existing.start(), existing.build());
    }

    private static String derivedName(Path directory) {
        String name = Optional.ofNullable(directory.getFileName()).map(Path::toString).orElse("app")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return APP_NAME.matcher(name).matches() ? name : "app";
    }

    private InitAnswers ask(Console console, InitAnswers defaults) {
        String app = ask(console, "App name", defaults.app(), answer -> APP_NAME.matcher(answer).matches()
                ? Optional.of(answer) : Optional.empty());
        String port = ask(console, "Port the app listens on", defaults.port().map(String::valueOf).orElse("none"),
                answer -> answer.equals("none") || answer.matches("[0-9]{1,5}") && Integer.parseInt(answer) >= 1
                        && Integer.parseInt(answer) <= 65_535 ? Optional.of(answer) : Optional.empty());
        String health = ask(console, "Health check path", defaults.healthPath(),
                answer -> answer.startsWith("/") ? Optional.of(answer) : Optional.empty());
        String strategy = ask(console, "Strategy (" + String.join(", ", STRATEGIES) + ")", defaults.strategy(),
                answer -> STRATEGIES.contains(answer) ? Optional.of(answer) : Optional.empty());
        String environment = ask(console, "Environment (" + String.join(", ", ProjectConfig.ENVIRONMENTS) + ")",
                defaults.environment(), answer -> ProjectConfig.ENVIRONMENTS.contains(answer)
                        ? Optional.of(answer) : Optional.empty());
        return new InitAnswers(app, port.equals("none") ? Optional.empty() : Optional.of(Integer.parseInt(port)),
                health, strategy, environment, defaults.start(), defaults.build());
    }

    /** Asks until the answer is valid; an empty answer takes the default. */
    private static String ask(Console console, String question, String fallback,
                              Function<String, Optional<String>> valid) {
        while (true) {
            String line = console.readLine("%s [%s]: ", question, fallback);
            if (line == null) {
                return fallback;
            }
            Optional<String> answer = valid.apply(line.isBlank() ? fallback : line.strip());
            if (answer.isPresent()) {
                return answer.get();
            }
            console.printf("'%s' is not a valid answer%n", line.strip());
        }
    }

    private void write(Path file, String text) {
        try {
            Files.writeString(file, text, force ? new StandardOpenOption[] {StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        } catch (IOException e) {
            throw new InfrastructureException(Agent.CONDUCTOR, "cannot write " + file + ": " + e.getMessage(),
                    "Writing " + ProjectConfig.FILE, "Check that the directory exists and is writable", e);
        }
    }
}
