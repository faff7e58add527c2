package dev.hivemind.analyzer;

import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.analyzer.stack.ConfiguredStart;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.analyzer.stack.go.GoDetector;
import dev.hivemind.analyzer.stack.java.JavaDetector;
import dev.hivemind.analyzer.stack.node.NodeDetector;
import dev.hivemind.analyzer.stack.python.PythonDetector;
import dev.hivemind.analyzer.stack.staticsite.StaticSiteDetector;
import dev.hivemind.analyzer.stack.undeployed.RefusedStack;
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
 * providers: Java (pom.xml, build.gradle[.kts]), Go (go.mod), then Ruby, PHP, Rust and .NET, which {@code deploy}
 * refuses with what was found and what to do and {@code analyze} describes in full ({@link RefusedStack}), then Python (requirements files, pyproject.toml,
 * Pipfile, setup.py or setup.cfg, or a Procfile beside a top-level entry file; beside a package.json only with a
 * sign of a Python app at the root, such as manage.py) before Node.js (package.json), since a Django or Flask app
 * often keeps a package.json for its assets while a Node.js app seldom has a Python app's files at its root; then a
 * static site (an index.html), and last a Dockerfile-only repository, refused. Each detector gives the runtime
 * version, framework, database driver, build tool, start command, declared port and health path, each with an
 * evidence line naming the file and field it came from.
 * <p>
 * {@link #analyze} is what {@code deploy} asks: the stack of an app it can deploy, or an {@link InvalidInputException}.
 * {@link #describe} is what {@code analyze} shows: the same stack, the description of a stack HiveMind does not
 * deploy with the reason, or the apps of a monorepo's root, each with its port; and an app below its repository's
 * root is analysed with the root's manifests (a workspace's lock file, a Go module's go.mod, a Gradle build's
 * catalog and wrapper, a Maven module's parent pom).
 * <p>
 * {@code new RepositoryAnalyzer()} reads an app's {@code hivemind.yaml} each time it is asked; an analyzer made by
 * {@link #forOneCommand()} reads each directory's file once and answers every later question about it (stack, hooks,
 * smoke and load) from what it read, so a command sees one version of the file from its first check to its validate
 * stage.
 */
public final class RepositoryAnalyzer implements StackAnalyzer {
    private final List<StackDetector> detectors = List.of(new JavaDetector(), new GoDetector(),
            RefusedStack.RUBY, RefusedStack.PHP, RefusedStack.RUST, RefusedStack.DOTNET, new PythonDetector(),
            new NodeDetector(),
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
        return ProjectFiles.withinOneAnalysis(() -> analyze(directory, projectFile(directory).config()));
    }

    /** As {@link #analyze(Path)}, with {@code hivemind.yaml}'s overlay of {@code environment} applied. */
    @Override
    public TechStack analyze(Path appDirectory, String environment) {
        Path directory = existing(appDirectory);
        return ProjectFiles.withinOneAnalysis(() -> analyze(directory, projectFile(directory).config(environment)));
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
        Optional<StackDetector> detector = detectorFor(directory, directory);
        if (detector.isEmpty()) {
            List<AppCandidate> candidates = candidates(directory);
            throw candidates.isEmpty() ? unsupported(directory) : Monorepo.notAnApp(directory, candidates);
        }
        try {
            return describe(detector.get(), directory, directory, config);
        } catch (InvalidInputException rootIsNoApp) {
            if (Monorepo.isWorkspaceRoot(directory)) {
                List<AppCandidate> candidates = candidates(directory);
                if (!candidates.isEmpty()) {
                    throw Monorepo.notAnApp(directory, candidates);
                }
            }
            throw rootIsNoApp;
        }
    }

    /** What {@code analyze} shows of {@code directory}, the root of its repository. */
    public Analysis describe(Path directory) {
        return describe(directory, Optional.empty());
    }

    /**
     * What {@code analyze} shows of the app in {@code appDir} below {@code root} (or of {@code root} itself): the
     * apps of a monorepo's root; the stack of an app HiveMind deploys; or the description of one it does not deploy,
     * with the reason and what to do instead. An app below the root is analysed with the manifests of the root
     * that it belongs to.
     *
     * @throws InvalidInputException when there is no app, or an app HiveMind deploys cannot be started or has a
     *                               malformed project file
     */
    public Analysis describe(Path root, Optional<String> appDir) {
        Path base = existing(root);
        Path directory = existing(appDir.map(base::resolve).orElse(base));
        return ProjectFiles.withinOneAnalysis(() -> {
            List<AppCandidate> candidates = monorepoCandidates(directory, base);
            if (!candidates.isEmpty()) {
                return Analysis.monorepo(Monorepo.apps(directory, candidates, app -> describeApp(app, base)));
            }
            return describeApp(directory, base);
        });
    }

    private Analysis describeApp(Path directory, Path root) {
        StackDetector detector = detectorFor(directory, root).orElseThrow(() -> unsupported(directory));
        if (detector instanceof RefusedStack refused) {
            InvalidInputException refusal = refused.refusal(directory);
            return Analysis.notDeployable(refused.describe(directory),
                    new Analysis.NotDeployable(refusal.getMessage(), refusal.remediation()));
        }
        return Analysis.deployable(describe(detector, directory, root, projectFile(directory).config()));
    }

    /**
     * The apps in {@code root}'s sub-directories (at most {@value Monorepo#MAX_DEPTH} levels down) when {@code root}
     * is not an app itself: no detector recognizes it, or it is a workspace root (npm/yarn workspaces,
     * pnpm-workspace.yaml, lerna, nx, turbo, go.work) whose own detection fails. Empty when {@code root} is an app.
     */
    public List<AppCandidate> monorepoCandidates(Path root) {
        Path directory = existing(root);
        return ProjectFiles.withinOneAnalysis(() -> monorepoCandidates(directory, directory));
    }

    private List<AppCandidate> monorepoCandidates(Path directory, Path root) {
        Optional<StackDetector> detector = detectorFor(directory, root);
        if (StaticSiteDetector.onlyDocumentation(directory)) {
            return candidates(directory).stream()
                    .filter(candidate -> !candidate.directory().equals(StaticSiteDetector.DOCS)).toList();
        }
        if (detector.isEmpty()) {
            return candidates(directory);
        }
        if (!Monorepo.isWorkspaceRoot(directory)) {
            return List.of();
        }
        try {
            detector.get().detect(directory, root);
            return List.of();
        } catch (InvalidInputException rootIsNoApp) {
            return candidates(directory);
        }
    }

    private List<AppCandidate> candidates(Path root) {
        return Monorepo.candidateDirectories(root, directory -> detectorFor(directory, root).isPresent()).stream()
                .map(directory -> candidate(root, directory)).toList();
    }

    private AppCandidate candidate(Path root, Path directory) {
        StackDetector detector = detectorFor(directory, root).orElseThrow();
        String relative = ProjectFiles.relative(root, directory);
        try {
            TechStack stack = detector instanceof RefusedStack refused ? refused.describe(directory)
                    : describe(detector, directory, root, projectFile(directory).config());
            return new AppCandidate(relative, stack.language(), stack.framework(),
                    detector.deploys() ? Optional.empty() : Optional.of(refusal(detector, directory)));
        } catch (InvalidInputException notDeployable) {
            return new AppCandidate(relative, detector.language(), "unknown",
                    Optional.of(notDeployable.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static String refusal(StackDetector detector, Path directory) {
        return ((RefusedStack) detector).refusal(directory).getMessage().lines().findFirst().orElse("");
    }

    /**
     * The detector's answer (with hivemind.yaml's start: known to it, taken where it finds no start command of its
     * own), then a Procfile's web: line (when the detector did not use it), the migration command the
     * repository implies ({@link MigrationCommand}), then hivemind.yaml.
     */
    private static TechStack describe(StackDetector detector, Path directory, Path root, ProjectConfig config) {
        TechStack detected = ConfiguredStart.within(config.start(), () -> detector.detect(directory, root));
        boolean procfileUsed = detected.evidence().stream().anyMatch(line -> line.contains(Procfile.SOURCE));
        TechStack withProcfile = detected.language().equals(StaticSiteDetector.LANGUAGE) || procfileUsed ? detected
                : Procfile.web(directory).map(web -> detected.withStartCommand(web, "start_command '" + web
                        + "' from " + Procfile.SOURCE + " (replaces '" + detected.startCommand() + "')"))
                        .orElse(detected);
        return config.applyTo(MigrationCommand.apply(directory, withProcfile));
    }

    private Optional<StackDetector> detectorFor(Path directory, Path root) {
        return detectors.stream().filter(detector -> detector.recognizes(directory, root)).findFirst();
    }

    private static Path existing(Path appDirectory) {
        Path directory = appDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no directory " + directory + " to analyze",
                    "Detecting the tech stack in " + directory, "Pass the directory that holds the application");
        }
        return directory;
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
        /** {@code apps/web (nodejs, express)}, and the problem when there is one. */
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
