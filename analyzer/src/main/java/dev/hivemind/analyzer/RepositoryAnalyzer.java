package dev.hivemind.analyzer;

import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.RefusedStack;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.analyzer.stack.go.GoDetector;
import dev.hivemind.analyzer.stack.java.JavaDetector;
import dev.hivemind.analyzer.stack.node.NodeDetector;
import dev.hivemind.analyzer.stack.python.PythonDetector;
import dev.hivemind.analyzer.stack.staticsite.StaticSiteDetector;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.HookStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Detects an application's tech stack from its files. Detection is an ordered list of per-language detectors, the
 * first that recognizes the directory winning, framework-specific signals before generic ones as Railpack orders its
 * providers: Java (pom.xml, build.gradle[.kts]), Go (go.mod), then Ruby, PHP and Rust, recognized only to be refused
 * with what was found and what to do ({@link RefusedStack}), then Python (requirements files, pyproject.toml,
 * Pipfile, setup.py or setup.cfg, or a Procfile beside a top-level entry file; beside a package.json only with a
 * sign of a Python app at the root, such as manage.py) before Node.js (package.json), since a Django or Flask app
 * often keeps a package.json for its assets while a Node.js app seldom has a Python app's files at its root; then a
 * static site (an index.html), and last a Dockerfile-only repository, refused. Each detector gives the runtime
 * version, framework, database driver, build tool, start command, declared port and health path, each with an
 * evidence line naming the file and field it came from.
 * <p>
 * {@code new RepositoryAnalyzer()} reads an app's {@code hivemind.yaml} each time it is asked; an analyzer made by
 * {@link #forOneCommand()} reads each directory's file once and answers every later question about it (stack, hooks,
 * smoke and load) from what it read, so a command sees one version of the file from its first check to its validate
 * stage.
 */
public final class RepositoryAnalyzer implements StackAnalyzer {
    private final List<StackDetector> detectors = List.of(new JavaDetector(), new GoDetector(),
            RefusedStack.RUBY, RefusedStack.PHP, RefusedStack.RUST, new PythonDetector(), new NodeDetector(),
            new StaticSiteDetector(), RefusedStack.DOCKER);
    private final Function<Path, ProjectFile> projectFiles;

    /** An analyzer that reads {@code hivemind.yaml} anew for every question. */
    public RepositoryAnalyzer() {
        this.projectFiles = ProjectFile::read;
    }

    private RepositoryAnalyzer(Map<Path, ProjectFile> read) {
        this.projectFiles = directory -> read.computeIfAbsent(directory, ProjectFile::read);
    }

    /** An analyzer for one command: it reads each directory's {@code hivemind.yaml} once, when first asked. */
    public static RepositoryAnalyzer forOneCommand() {
        return new RepositoryAnalyzer(new ConcurrentHashMap<>());
    }

    /**
     * The stack of the app in {@code appDirectory}, with the overrides of its {@code hivemind.yaml} applied.
     *
     * @throws InvalidInputException when the directory holds no app a detector recognizes (naming the apps in its
     *                               sub-directories when it is a monorepo), when a project file is malformed, or
     *                               when there is no way to start the app
     */
    @Override
    public TechStack analyze(Path appDirectory) {
        Path directory = existing(appDirectory);
        return analyze(directory, projectFile(directory).config());
    }

    /** As {@link #analyze(Path)}, with {@code hivemind.yaml}'s overlay of {@code environment} applied. */
    @Override
    public TechStack analyze(Path appDirectory, String environment) {
        Path directory = existing(appDirectory);
        return analyze(directory, projectFile(directory).config(environment));
    }

    /** The {@code smoke:} tests and {@code load:} targets of {@code hivemind.yaml}, with the overlay applied. */
    @Override
    public ValidationPlan validationPlan(Path appDirectory, String environment) {
        return projectFile(existing(appDirectory)).validationPlan(environment);
    }

    /** The {@code hooks:} of {@code hivemind.yaml}, with the overlay applied. */
    @Override
    public List<HookStep> hooks(Path appDirectory, String environment) {
        return projectFile(existing(appDirectory)).hooks(environment);
    }

    /**
     * The {@code hivemind.yaml} in {@code appDirectory}, read and checked (once for the analyzer's life when it was
     * made {@link #forOneCommand()}).
     *
     * @throws InvalidInputException when the file is not YAML or breaks the schema, listing every problem
     */
    public ProjectFile projectFile(Path appDirectory) {
        return projectFiles.apply(appDirectory.toAbsolutePath().normalize());
    }

    private TechStack analyze(Path directory, ProjectConfig config) {
        Optional<StackDetector> detector = detectorFor(directory);
        if (detector.isEmpty()) {
            List<AppCandidate> candidates = candidates(directory);
            throw candidates.isEmpty() ? unsupported(directory) : monorepo(directory, candidates);
        }
        try {
            return describe(detector.get(), directory, config);
        } catch (InvalidInputException rootIsNoApp) {
            if (Monorepo.isWorkspaceRoot(directory)) {
                List<AppCandidate> candidates = candidates(directory);
                if (!candidates.isEmpty()) {
                    throw monorepo(directory, candidates);
                }
            }
            throw rootIsNoApp;
        }
    }

    /**
     * The apps in {@code root}'s sub-directories (at most {@value Monorepo#MAX_DEPTH} levels down) when {@code root}
     * is not an app itself: no detector recognizes it, or it is a workspace root (npm/yarn workspaces,
     * pnpm-workspace.yaml, lerna, nx, turbo, go.work) whose own detection fails. Empty when {@code root} is an app.
     */
    public List<AppCandidate> monorepoCandidates(Path root) {
        Path directory = existing(root);
        Optional<StackDetector> detector = detectorFor(directory);
        if (detector.isPresent()) {
            if (!Monorepo.isWorkspaceRoot(directory)) {
                return List.of();
            }
            try {
                detector.get().detect(directory);
                return List.of();
            } catch (InvalidInputException rootIsNoApp) {
                return candidates(directory);
            }
        }
        return candidates(directory);
    }

    private List<AppCandidate> candidates(Path root) {
        return Monorepo.candidateDirectories(root, directory -> detectorFor(directory).isPresent()).stream()
                .map(directory -> candidate(root, directory)).toList();
    }

    private AppCandidate candidate(Path root, Path directory) {
        StackDetector detector = detectorFor(directory).orElseThrow();
        String relative = ProjectFiles.relative(root, directory);
        try {
            TechStack stack = describe(detector, directory, projectFile(directory).config());
            return new AppCandidate(relative, stack.language(), stack.framework(), Optional.empty());
        } catch (InvalidInputException notDeployable) {
            return new AppCandidate(relative, detector.language(), "unknown",
                    Optional.of(notDeployable.getMessage().lines().findFirst().orElse("")));
        }
    }

    /**
     * The detector's answer, then a Procfile's web: line (when the detector did not use it), the migration command the
     * repository implies ({@link MigrationCommand}), then hivemind.yaml.
     */
    private static TechStack describe(StackDetector detector, Path directory, ProjectConfig config) {
        TechStack detected = detector.detect(directory);
        boolean procfileUsed = detected.evidence().stream().anyMatch(line -> line.contains(Procfile.SOURCE));
        TechStack withProcfile = detected.language().equals(StaticSiteDetector.LANGUAGE) || procfileUsed ? detected
                : Procfile.web(directory).map(web -> detected.withStartCommand(web, "start_command '" + web
                        + "' from " + Procfile.SOURCE + " (replaces '" + detected.startCommand() + "')"))
                        .orElse(detected);
        return config.applyTo(MigrationCommand.apply(directory, withProcfile));
    }

    private Optional<StackDetector> detectorFor(Path directory) {
        return detectors.stream().filter(detector -> detector.recognizes(directory)).findFirst();
    }

    private static Path existing(Path appDirectory) {
        Path directory = appDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no directory " + directory + " to analyze",
                    "Detecting the tech stack in " + directory, "Pass the directory that holds the application");
        }
        return directory;
    }

    private static InvalidInputException monorepo(Path directory, List<AppCandidate> candidates) {
        String list = candidates.stream().map(AppCandidate::describe).collect(Collectors.joining("\n  "));
        return new InvalidInputException(Agent.COMPILER, directory + " is not an app itself but holds "
                + candidates.size() + (candidates.size() == 1 ? " app" : " apps") + ":\n  " + list,
                "Detecting the tech stack in " + directory, "Choose one with --app-dir, e.g. --app-dir "
                + candidates.getFirst().directory());
    }

    /**
     * An app in a sub-directory of a monorepo.
     *
     * @param directory the sub-directory, relative to the repository's root, with forward slashes
     * @param language  the detector's language
     * @param framework the detected framework, or {@code unknown} when detection failed
     * @param problem   why the app cannot be deployed as it is, when detection failed
     */
    public record AppCandidate(String directory, String language, String framework, Optional<String> problem) {
        String describe() {
            return directory + " (" + language + (framework.equals("unknown") ? "" : ", " + framework) + ")"
                    + problem.map(reason -> ": " + reason).orElse("");
        }
    }

    /** The language's runtime and the stack's build tool, each with its {@code --version} check. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return detectors.stream().filter(StackDetector::deploys)
                .filter(detector -> detector.language().equals(stack.language())).findFirst()
                .map(detector -> detector.requiredTools(stack))
                .orElseThrow(() -> new IllegalArgumentException("no detector knows the language '"
                        + stack.language() + "'; known: " + languages()));
    }

    private InvalidInputException unsupported(Path directory) {
        List<StackDetector> deployable = detectors.stream().filter(StackDetector::deploys).toList();
        String lookedFor = deployable.stream().map(detector -> detector.marker() + " (" + detector.displayName() + ")")
                .collect(Collectors.joining("; "));
        List<String> all = deployable.stream().map(StackDetector::displayName).toList();
        String names = String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.getLast();
        return new InvalidInputException(Agent.COMPILER, "no app HiveMind can deploy in " + directory
                + ": it looked for " + lookedFor + " and found none. HiveMind deploys " + names + " apps.",
                "Detecting the tech stack in " + directory,
                "Point SOURCE at the directory that holds the app's pom.xml, build.gradle, go.mod, "
                + "requirements.txt, package.json or index.html (or pass --app-dir), or add one (npm init -y with a "
                + "start script, or a requirements.txt and a Procfile with a web: line)");
    }

    private String languages() {
        return detectors.stream().filter(StackDetector::deploys).map(StackDetector::language)
                .collect(Collectors.joining(", "));
    }
}
