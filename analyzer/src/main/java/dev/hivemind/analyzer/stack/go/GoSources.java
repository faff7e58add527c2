package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The packages of one Go module as the go command would see them: every non-test {@code .go} file under the module
 * root, grouped by directory, leaving out what the go command leaves out ({@code vendor}, {@code testdata},
 * directories starting with {@code _} or {@code .}, files constrained by {@code //go:build ignore}) and nested
 * modules (a directory with its own go.mod belongs to another module). The walk is bounded: at most
 * {@value #MAX_DEPTH} directories down and {@value #MAX_FILES} files, never entering dependency or build directories.
 */
final class GoSources {
    static final int MAX_DEPTH = 8;
    static final int MAX_FILES = 2000;

    private final Path root;
    private final String module;
    private final Map<String, GoPackage> byDirectory;

    private GoSources(Path root, String module, Map<String, GoPackage> byDirectory) {
        this.root = root;
        this.module = module;
        this.byDirectory = byDirectory;
    }

    /**
     * One package: the non-test files of one directory.
     *
     * @param directory relative to the module root with forward slashes, {@code ""} for the root
     */
    record GoPackage(String directory, String name, List<GoSourceFile> files) {
        GoPackage {
            files = List.copyOf(files);
        }

        boolean isMain() {
            return name.equals("main") && files.stream().anyMatch(GoSourceFile::declaresMain);
        }

        /** {@code ./cmd/server}, or {@code .} for the root: the argument {@code go build} takes. */
        String buildTarget() {
            return directory.isEmpty() ? "." : "./" + directory;
        }

        /** How evidence names it: {@code cmd/server}, or {@code the module root}. */
        String shown() {
            return directory.isEmpty() ? "the module root" : directory;
        }
    }

    /** An import from outside the module and the first file that imports it. */
    record ExternalImport(String path, String file) {
    }

    static GoSources read(Path root, GoMod mod) {
        Set<Path> nested = new HashSet<>();
        ProjectFiles.find(root, MAX_DEPTH, MAX_FILES, file -> file.getFileName().toString().equals(GoMod.FILE)
                && !file.getParent().equals(root)).forEach(file -> nested.add(file.getParent()));
        Map<String, List<GoSourceFile>> files = new LinkedHashMap<>();
        for (Path file : ProjectFiles.find(root, MAX_DEPTH, MAX_FILES, GoSources::isBuilt)) {
            if (ignoredDirectory(root, file.getParent()) || insideNested(file, nested)) {
                continue;
            }
            ProjectFiles.read(file).flatMap(text -> GoSourceFile.parse(file, text)).filter(parsed -> !parsed.ignored())
                    .ifPresent(parsed -> files.computeIfAbsent(directoryOf(root, file), key -> new ArrayList<>())
                            .add(parsed));
        }
        Map<String, GoPackage> packages = new LinkedHashMap<>();
        files.forEach((directory, sources) -> packages.put(directory, new GoPackage(directory,
                sources.getFirst().packageName(), sources)));
        return new GoSources(root, mod.module(), packages);
    }

    /** Whether {@code directory}'s own .go files hold a {@code package main} with {@code func main()}. */
    static boolean declaresMain(Path directory) {
        return ProjectFiles.find(directory, 0, 50, GoSources::isBuilt).stream()
                .flatMap(file -> ProjectFiles.read(file).flatMap(text -> GoSourceFile.parse(file, text)).stream())
                .anyMatch(file -> file.packageName().equals("main") && file.declaresMain() && !file.ignored());
    }

    List<GoPackage> packages() {
        return List.copyOf(byDirectory.values());
    }

    List<GoPackage> mainPackages() {
        return byDirectory.values().stream().filter(GoPackage::isMain).toList();
    }

    /** {@code file} relative to the module root, for evidence lines. */
    String shown(Path file) {
        return ProjectFiles.relative(root, file);
    }

    /**
     * The packages of this module that {@code main} imports, directly or through each other, main first: the code
     * that really goes into the binary (as far as this module's own packages go).
     */
    List<GoPackage> linkedFrom(GoPackage main) {
        List<GoPackage> linked = new ArrayList<>();
        Deque<GoPackage> queue = new ArrayDeque<>(List.of(main));
        Set<String> seen = new HashSet<>(Set.of(main.directory()));
        while (!queue.isEmpty()) {
            GoPackage next = queue.poll();
            linked.add(next);
            next.files().stream().flatMap(file -> file.imports().stream()).flatMap(path -> local(path).stream())
                    .filter(local -> seen.add(local.directory())).forEach(queue::add);
        }
        return linked;
    }

    /** The imports from outside this module of {@code packages}' files, each with the first file importing it. */
    List<ExternalImport> externalImports(List<GoPackage> packages) {
        Map<String, ExternalImport> found = new LinkedHashMap<>();
        for (GoPackage goPackage : packages) {
            for (GoSourceFile file : goPackage.files()) {
                file.imports().stream().filter(path -> !isLocal(path))
                        .forEach(path -> found.putIfAbsent(path, new ExternalImport(path, shown(file.path()))));
            }
        }
        return List.copyOf(found.values());
    }

    private Optional<GoPackage> local(String importPath) {
        if (importPath.equals(module)) {
            return Optional.ofNullable(byDirectory.get(""));
        }
        return isLocal(importPath) ? Optional.ofNullable(byDirectory.get(importPath.substring(module.length() + 1)))
                : Optional.empty();
    }

    private boolean isLocal(String importPath) {
        return importPath.equals(module) || importPath.startsWith(module + "/");
    }

    private static boolean isBuilt(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".go") && !name.endsWith("_test.go") && !name.startsWith("_") && !name.startsWith(".");
    }

    /** Directories the go command never builds: testdata and those starting with {@code _}. */
    private static boolean ignoredDirectory(Path root, Path directory) {
        for (Path element : root.relativize(directory)) {
            String name = element.toString();
            if (name.equals("testdata") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideNested(Path file, Set<Path> nested) {
        return nested.stream().anyMatch(file::startsWith);
    }

    private static String directoryOf(Path root, Path file) {
        return ProjectFiles.relative(root, file.getParent());
    }
}
