package dev.hivemind.analyzer.stack.staticsite;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Detects a static site: an {@code index.html} in a generator's output directory ({@code _site/}, {@code out/},
 * {@code dist/}, {@code build/}, {@code public/}) or at the root. Output directories come first because a root
 * {@code index.html} beside them is usually the generator's template, not the page. Asked after the language
 * detectors, so an app that also carries HTML (a Node.js app with {@code public/index.html}) stays that app.
 *
 * <p>The site is served by the host agent's own static file server: every instance gets the variable
 * {@value #SERVER_VARIABLE} naming an executable that serves a directory on {@code HOST:PORT}, so the start
 * command is an ordinary shell command that the agent supervises, health-checks and switches like any other.
 */
public final class StaticSiteDetector implements StackDetector {
    public static final String LANGUAGE = "static";
    /** GitHub Pages' folder, the last place a site is looked for. */
    public static final String DOCS = "docs";
    static final String INDEX = "index.html";
    /**
     * Where the site may be, in order of precedence; {@code .} is the root; {@code docs} (GitHub Pages' folder) last,
     * as the weakest sign: it is often a project's documentation beside its apps.
     */
    static final List<String> SITE_DIRECTORIES = List.of("_site", "out", "dist", "build", "public", ".", DOCS);
    /** The variable the host agent sets to its static file server's executable. */
    static final String SERVER_VARIABLE = "HIVEMIND_STATIC_SERVER";
    static final String NONE = "none";
    static final String BUILD_TOOL = "copy";

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return "index.html at the root or in _site/, out/, dist/, build/, public/ or docs/";
    }

    @Override
    public String displayName() {
        return "static site";
    }

    @Override
    public boolean recognizes(Path directory) {
        return siteDirectory(directory).isPresent();
    }

    @Override
    public TechStack detect(Path directory) {
        String site = siteDirectory(directory).orElseThrow(() -> new IllegalArgumentException("no "
                + INDEX + " in " + directory + " or its " + String.join(", ", SITE_DIRECTORIES.subList(0, 5))));
        String index = indexOf(site);
        String command = startCommand(site);
        List<String> evidence = List.of(
                "language static from " + index + ": no app files (package.json, requirements.txt, go.mod, "
                        + "pom.xml, ...) beside it",
                "runtime_version none: a static site needs no runtime; the HiveMind agent serves it",
                "framework none: the files of " + shown(site) + " are served as they are",
                "database_type none: a static site has no database driver",
                "build_tool copy: " + shown(site) + " is copied into the artifact as it is",
                "start_command '" + command + "' serves " + shown(site) + " with the agent's static file server",
                "health_check_path / from " + index + " (the page served at /)",
                "dependencies 0: a static site has none");
        return new TechStack(LANGUAGE, NONE, NONE, List.of(), false, Optional.empty(), BUILD_TOOL, command,
                Optional.of("/"), evidence);
    }

    /** Nothing: the host agent serves the site with the Java it runs on. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return List.of();
    }

    /**
     * Whether the only sign of a site in {@code directory} is {@code docs/index.html}: a monorepo's documentation
     * does not make its root an app when there are apps below it.
     */
    public static boolean onlyDocumentation(Path directory) {
        return siteDirectory(directory).filter(DOCS::equals).isPresent();
    }

    /** The directory holding the site's {@code index.html}, relative to {@code directory} ({@code .}: the root). */
    static Optional<String> siteDirectory(Path directory) {
        return SITE_DIRECTORIES.stream().filter(site -> {
            Path candidate = directory.resolve(site);
            return Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS) && ProjectFiles.has(candidate, INDEX);
        }).findFirst();
    }

    /** The command that serves {@code site}, run in the artifact directory. */
    static String startCommand(String site) {
        return "exec \"${" + SERVER_VARIABLE + ":?not set (the HiveMind host agent sets it)}\" " + site;
    }

    /** {@code public/} or {@code the repository root}, for evidence and messages. */
    static String shown(String site) {
        return site.equals(".") ? "the repository root" : site + "/";
    }

    private static String indexOf(String site) {
        return site.equals(".") ? INDEX : site + "/" + INDEX;
    }
}
