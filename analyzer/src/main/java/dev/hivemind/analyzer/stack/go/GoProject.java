package dev.hivemind.analyzer.stack.go;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Go module as detection and the build both read it: go.mod, the packages, and the main package that is the app.
 *
 * @param binary the name of the binary the build writes at the module root: {@code app}, unless the source already
 *               has a directory of that name (go build would write into it)
 */
record GoProject(Path root, GoMod mod, GoSources sources, GoMainPackage.Choice main, boolean vendored,
                 String binary) {
    static final String BINARY = "app";
    static final String FALLBACK_BINARY = "hivemind-app";
    /** Where the binary is installed again under its command name, first on the instance's PATH (as on Heroku). */
    static final String BIN = "bin";
    static final String VENDOR_MANIFEST = "vendor/modules.txt";

    /**
     * @throws InvalidInputException when go.mod is malformed or no package of the module is a {@code package main}
     *                               with {@code func main()}
     */
    static GoProject read(Path root) {
        return read(root, Optional.empty());
    }

    /**
     * @param appDirectory the main package's directory, relative to the root, when the app was asked for by its
     *                     directory (below go.mod); else the main package is chosen ({@link GoMainPackage})
     */
    static GoProject read(Path root, Optional<String> appDirectory) {
        GoMod mod = GoMod.read(root);
        GoSources sources = GoSources.read(root, mod);
        GoMainPackage.Choice main = appDirectory.isPresent()
                ? sources.mainPackages().stream().filter(pkg -> pkg.directory().equals(appDirectory.get()))
                        .findFirst().map(pkg -> new GoMainPackage.Choice(pkg, pkg.directory() + " is the directory "
                        + "asked for, a package main of the module " + mod.module() + " whose go.mod is above it"))
                        .orElseThrow(() -> noMain(root, mod, sources))
                : GoMainPackage.choose(sources.mainPackages(), mod.lastElement(), sources)
                        .orElseThrow(() -> noMain(root, mod, sources));
        boolean vendored = Files.isRegularFile(root.resolve(VENDOR_MANIFEST), LinkOption.NOFOLLOW_LINKS);
        String binary = Files.exists(root.resolve(BINARY), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(root.resolve(BINARY), LinkOption.NOFOLLOW_LINKS) ? FALLBACK_BINARY : BINARY;
        return new GoProject(root, mod, sources, main, vendored, binary);
    }

    /**
     * The name {@code go install} gives the program, which a Heroku Procfile names ({@code web: go-getting-started}):
     * the last element of the module path for a main package at the root (the element before a {@code /v2} suffix),
     * else the last element of its directory ({@code web} for {@code cmd/web}).
     */
    String commandName() {
        String directory = main.main().directory();
        return directory.isEmpty() ? mod.lastElement() : directory.substring(directory.lastIndexOf('/') + 1);
    }

    private static InvalidInputException noMain(Path root, GoMod mod, GoSources sources) {
        return new InvalidInputException(Agent.COMPILER, "the Go module " + mod.module() + " in " + root + " has no "
                + "package main with func main() (it has " + sources.packages().size() + " package"
                + (sources.packages().size() == 1 ? "" : "s") + " outside tests, vendor and nested modules), so "
                + "there is no program to build", "Detecting the Go application's main package in " + root,
                "Deploy a module that builds a program: put package main with func main() at the module root or "
                + "in cmd/<name>/ (a library module cannot be deployed on its own)");
    }
}
