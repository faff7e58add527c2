package dev.hivemind.analyzer;

import dev.hivemind.analyzer.RepositoryAnalyzer.AppCandidate;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.TomlFile;
import dev.hivemind.analyzer.stack.node.PackageJson;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A repository that holds several apps in sub-directories ({@code apps/web}, {@code services/api}): how its root is
 * recognized, and where its apps are.
 */
final class Monorepo {
    /** How far below the root apps are looked for: {@code web/} and {@code apps/web/}. */
    static final int MAX_DEPTH = 2;
    /** The most sub-directories looked at, so a huge repository costs little. */
    static final int MAX_DIRECTORIES = 400;
    private static final List<String> WORKSPACE_FILES = List.of("pnpm-workspace.yaml", "lerna.json", "nx.json",
            "turbo.json", "rush.json", "go.work");
    private static final Pattern WORKSPACES_FIELD = Pattern.compile("\"workspaces\"\\s*:");

    private Monorepo() {
    }

    /**
     * Whether {@code directory} declares workspaces: a workspace file, package.json {@code workspaces}, or a uv
     * workspace in pyproject.toml ({@code [tool.uv.workspace]}).
     */
    static boolean isWorkspaceRoot(Path directory) {
        return ProjectFiles.first(directory, WORKSPACE_FILES).isPresent()
                || ProjectFiles.read(directory.resolve(PackageJson.FILE))
                        .filter(text -> WORKSPACES_FIELD.matcher(text).find()).isPresent()
                || TomlFile.readOrEmpty(directory.resolve("pyproject.toml")).hasTable("tool", "uv", "workspace");
    }

    /** The error for a root that is not an app itself but holds {@code candidates}: the list and --app-dir. */
    static InvalidInputException notAnApp(Path directory, List<AppCandidate> candidates) {
        String list = candidates.stream().map(AppCandidate::describe).collect(Collectors.joining("\n  "));
        return new InvalidInputException(Agent.COMPILER, directory + " is not an app itself but holds "
                + candidates.size() + (candidates.size() == 1 ? " app" : " apps") + ":\n  " + list,
                "Detecting the tech stack in " + directory, "Choose one with --app-dir, e.g. --app-dir "
                + candidates.getFirst().directory());
    }

    /**
     * The candidates that are apps, each described (with its port) by {@code describe}; a workspace's library, or a
     * directory that cannot be started, is a candidate but no app.
     */
    static List<Analysis.App> apps(Path root, List<AppCandidate> candidates, Function<Path, Analysis> describe) {
        List<Analysis.App> apps = new ArrayList<>();
        for (AppCandidate candidate : candidates) {
            try {
                Analysis app = describe.apply(root.resolve(candidate.directory()));
                TechStack stack = app.stack().orElseThrow();
                apps.add(new Analysis.App(candidate.directory(), stack.language(), stack.framework(), stack.port(),
                        app.deployable()));
            } catch (InvalidInputException notAnApp) {
                // listed among the candidates only
            }
        }
        return apps;
    }

    /**
     * The sub-directories of {@code root} that are apps, breadth first and sorted by name; an app's own
     * sub-directories are not looked into.
     */
    static List<Path> candidateDirectories(Path root, Predicate<Path> isApp) {
        List<Path> apps = new ArrayList<>();
        List<Path> level = ProjectFiles.subdirectories(root);
        int looked = 0;
        for (int depth = 1; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
            List<Path> next = new ArrayList<>();
            for (Path directory : level) {
                if (++looked > MAX_DIRECTORIES) {
                    return apps;
                }
                if (isApp.test(directory)) {
                    apps.add(directory);
                } else if (depth < MAX_DEPTH) {
                    next.addAll(ProjectFiles.subdirectories(directory));
                }
            }
            level = next;
        }
        return apps;
    }
}
