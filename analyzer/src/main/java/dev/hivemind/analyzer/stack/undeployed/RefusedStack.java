package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stacks HiveMind recognizes but does not deploy: Ruby, PHP, Rust, .NET, and a repository holding only a Dockerfile.
 * Recognizing them (rather than answering "nothing found", or worse, deploying a stray {@code index.html} of a PHP
 * app as a static site) lets the refusal say what was found, down to the framework when one file tells it, and what
 * to do instead. {@link #detect} always throws, so {@code deploy} stops before any side effect; {@link #describe}
 * gives the whole analysis (language, framework, runtime version, build tool, database, port, start command, health
 * path, each with its evidence) for {@code analyze}, which shows what it found whatever HiveMind deploys.
 */
public enum RefusedStack implements StackDetector {
    RUBY("ruby", "Ruby", "a Ruby app", "HiveMind does not deploy Ruby apps",
            List.of("Gemfile", "*.gemspec", "config.ru"),
            Probe.dependency("Gemfile", "(?m)^\\s*gem\\s+['\"](?<name>%s)['\"]", Map.of("rails", "rails",
                    "sinatra", "sinatra", "hanami", "hanami", "roda", "roda", "jekyll", "jekyll",
                    "github-pages", "jekyll")),
            "Deploy it with a tool made for Ruby (Kamal, Capistrano or a Ruby buildpack); HiveMind builds with the "
                    + "stack's own toolchain and has none for Ruby",
            Map.of("jekyll", "This is a Jekyll site: build it (bundle exec jekyll build) and deploy the generated "
                    + "_site directory (hivemind deploy path/to/_site), which HiveMind serves as a static site"),
            RubyApp::describe),
    PHP("php", "PHP", "a PHP app", "HiveMind does not deploy PHP apps",
            List.of("composer.json", "index.php"),
            Probe.dependency("composer.json", "\"(?<name>%s)\"\\s*:", Map.of("laravel/framework", "laravel",
                    "symfony/framework-bundle", "symfony", "slim/slim", "slim", "cakephp/cakephp", "cakephp")),
            "Deploy it with a PHP host (PHP-FPM behind nginx or Apache) or a PHP buildpack; HiveMind builds with "
                    + "the stack's own toolchain and has none for PHP",
            Map.of(), PhpApp::describe),
    RUST("rust", "Rust", "a Rust app", "HiveMind does not deploy Rust apps",
            List.of("Cargo.toml"),
            Probe.dependency("Cargo.toml", "(?m)^\\s*(?:\\[dependencies\\.)?(?<name>%s)(?:\\s*\\]|\\s*=)",
                    Map.of("actix-web", "actix-web", "axum", "axum", "rocket", "rocket", "warp", "warp")),
            "Build it with cargo build --release and run the binary under systemd, or deploy it with a container "
                    + "tool; HiveMind builds with the stack's own toolchain and has none for Rust",
            Map.of(), RustApp::describe),
    DOTNET("dotnet", ".NET", "a .NET app", "HiveMind does not deploy .NET apps",
            List.of("*.csproj", "*.fsproj", "*.sln"),
            new Probe(List.of(), "framework", Pattern.compile("Sdk\\s*=\\s*\"(?<name>Microsoft\\.NET\\.Sdk\\.Web)\""),
                    Map.of("Microsoft.NET.Sdk.Web", "aspnetcore")),
            "Publish it with dotnet publish -c Release and run it under systemd, or deploy it with a container tool; "
                    + "HiveMind builds with the stack's own toolchain and has none for .NET",
            Map.of(), DotnetApp::describe),
    DOCKER("docker", "Dockerfile", "a Dockerfile and no Node.js, Python, Go or Java app or static site beside it",
            "HiveMind does not build or run container images",
            List.of("Dockerfile", "Containerfile"),
            Probe.captured(List.of("Dockerfile", "Containerfile"), "base image",
                    "(?m)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(?<name>[^\\s#]+)"),
            "Deploy a Dockerfile-based app with a container tool (docker run, Podman, Kamal or Kubernetes); "
                    + "HiveMind builds with the stack's own toolchain, not from a Dockerfile. If the image runs a "
                    + "Node.js, Python, Go or Java app, point SOURCE at the directory holding its package.json, "
                    + "requirements.txt, go.mod or pom.xml",
            Map.of(), DockerImage::describe);

    /** What HiveMind does deploy, for the refusals. */
    public static final String SUPPORTED = "Node.js, Python, Go and Java apps and static sites";

    private final String language;
    private final String displayName;
    private final String found;
    private final String refusal;
    private final List<String> markers;
    private final Probe probe;
    private final String remediation;
    private final Map<String, String> advice;
    private final Function<Path, TechStack> description;

    RefusedStack(String language, String displayName, String found, String refusal, List<String> markers,
                 Probe probe, String remediation, Map<String, String> advice, Function<Path, TechStack> description) {
        this.language = language;
        this.displayName = displayName;
        this.found = found;
        this.refusal = refusal;
        this.markers = markers;
        this.probe = probe;
        this.remediation = remediation;
        this.advice = advice;
        this.description = description;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public String marker() {
        return String.join(", ", markers);
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean deploys() {
        return false;
    }

    @Override
    public boolean recognizes(Path directory) {
        return !markersIn(directory).isEmpty();
    }

    /** @throws InvalidInputException always: what was found, that HiveMind does not deploy it, and what to do */
    @Override
    public TechStack detect(Path directory) {
        throw refusal(directory);
    }

    /** The refusal {@link #detect} throws: what was found, that HiveMind does not deploy it, and what to do. */
    public InvalidInputException refusal(Path directory) {
        List<String> files = markersIn(directory);
        Optional<Finding> detail = probe.find(directory);
        String what = String.join(", ", files) + detail.map(finding -> "; " + finding.evidence()).orElse("");
        String extra = detail.map(Finding::value).map(advice::get).map(text -> ". " + text).orElse("");
        return new InvalidInputException(Agent.COMPILER, "found " + found + " in " + directory + " (" + what
                + "): " + refusal + "; it deploys " + SUPPORTED, "Detecting the tech stack in " + directory,
                remediation + extra);
    }

    /**
     * The whole analysis of the app, as for a stack HiveMind deploys: language, framework, runtime version, build
     * tool, database, port, start command and health path, each with its evidence.
     */
    public TechStack describe(Path directory) {
        return description.apply(directory);
    }

    /** Nothing: a refused stack is never built. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return List.of();
    }

    /**
     * The marker files in the directory's top level, in the order of {@link #markers}, by name ({@code *.gemspec}
     * gives the gemspec's name).
     */
    private List<String> markersIn(Path directory) {
        List<String> present = new ArrayList<>();
        for (String marker : markers) {
            if (marker.startsWith("*")) {
                ProjectFiles.entries(directory).stream()
                        .filter(file -> file.getFileName().toString().endsWith(marker.substring(1)))
                        .filter(ProjectFiles::isFile).findFirst()
                        .ifPresent(file -> present.add(file.getFileName().toString()));
            } else if (ProjectFiles.has(directory, marker)) {
                present.add(marker);
            }
        }
        return present;
    }

    /**
     * One cheap look into one file for the detail worth naming: a framework among the dependencies, or the base
     * image of a Dockerfile.
     *
     * @param files   where to look, the first one present
     * @param label   what the detail is, e.g. {@code framework}
     * @param pattern finds the detail in group {@code name}
     * @param names   the detail's name for each matched text (e.g. {@code laravel/framework} is {@code laravel});
     *                empty: the matched text is the name
     */
    record Probe(List<String> files, String label, Pattern pattern, Map<String, String> names) {

        static Probe dependency(String file, String template, Map<String, String> frameworks) {
            String alternatives = frameworks.keySet().stream().sorted().map(Pattern::quote)
                    .collect(Collectors.joining("|"));
            return new Probe(List.of(file), "framework", Pattern.compile(template.formatted(alternatives)),
                    frameworks);
        }

        static Probe captured(List<String> files, String label, String regex) {
            return new Probe(files, label, Pattern.compile(regex), Map.of());
        }

        /**
         * The first match in the first of the files there is, e.g. {@code framework rails from Gemfile line 3}; with
         * no files named, in the project file found (a {@code .csproj}).
         */
        Optional<Finding> find(Path directory) {
            if (files.isEmpty()) {
                return DotnetApp.projectFile(directory).flatMap(file -> find(directory, file));
            }
            return ProjectFiles.first(directory, files).flatMap(file -> find(directory, file));
        }

        private Optional<Finding> find(Path directory, String file) {
            return ProjectFiles.read(directory.resolve(file)).flatMap(text -> {
                Matcher matcher = pattern.matcher(text);
                if (!matcher.find()) {
                    return Optional.empty();
                }
                String matched = matcher.group("name");
                String name = names.getOrDefault(matched, matched);
                int line = ProjectFiles.lineOf(text, matcher.start("name"));
                return Optional.of(new Finding(name, label + " " + name + " from " + file + " line " + line));
            });
        }
    }
}
