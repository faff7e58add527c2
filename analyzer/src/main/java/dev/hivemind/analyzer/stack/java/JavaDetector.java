package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.StackDetector;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Detects a Java app from its Maven (pom.xml) or Gradle (build.gradle, build.gradle.kts, settings.gradle[.kts])
 * build, and picks the JDK on this machine that will build and run it: the lowest installed major version at least
 * the one the app asks for.
 */
public final class JavaDetector implements StackDetector {
    public static final String LANGUAGE = "java";
    static final String MAVEN = "maven";
    static final String GRADLE = "gradle";
    static final String MAVEN_WRAPPER = "mvnw";
    static final String GRADLE_WRAPPER = "gradlew";

    private final JavaInstallations installations;

    public JavaDetector() {
        this(new JavaInstallations());
    }

    /** @param installations the JDKs to choose from */
    public JavaDetector(JavaInstallations installations) {
        this.installations = installations;
    }

    @Override
    public String language() {
        return LANGUAGE;
    }

    @Override
    public String marker() {
        return "pom.xml, build.gradle, build.gradle.kts or settings.gradle[.kts]";
    }

    @Override
    public String displayName() {
        return "Java";
    }

    @Override
    public boolean recognizes(Path directory) {
        return JavaProject.present(directory);
    }

    @Override
    public TechStack detect(Path directory) {
        return detect(directory, directory);
    }

    /**
     * The app in {@code directory}; a module or subproject below its build's root is read with what it inherits:
     * a Maven module's parent poms, a Gradle subproject's version catalog, the root's wrapper.
     */
    @Override
    public TechStack detect(Path directory, Path root) {
        JavaProject project = JavaProject.read(directory, root);
        JavaAppConfig config = JavaAppConfig.read(directory, project.modules());
        Finding runtime = JavaRuntime.detect(directory, project);
        Finding framework = JavaLibraries.framework(project);
        NodeLibraries.Database database = JavaDatabase.detect(project, config,
                JavaAppConfig.profile(directory, project.modules(), "postgres"), framework.value());
        Finding buildTool = buildTool(directory, root, project);
        Finding java = javaFor(runtime);
        Finding start = JavaStartCommand.command(directory, framework.value(), config, java.value(),
                java.evidence());
        Optional<Finding> port = JavaStartCommand.port(directory, project, framework.value(), config);
        Optional<Finding> health = JavaHealthPaths.detect(directory, project, framework.value(), config);

        List<String> evidence = new ArrayList<>();
        evidence.add("language java from " + project.buildFile());
        evidence.add(runtime.evidence());
        evidence.add(framework.evidence());
        evidence.add(database.evidence());
        evidence.add(buildTool.evidence());
        evidence.add(start.evidence());
        evidence.add(port.map(Finding::evidence).orElse("port none: the app declares no port; it must listen on "
                + "the PORT environment variable"));
        evidence.add(health.map(Finding::evidence).orElse("health_check_path none: no health endpoint dependency "
                + "(spring-boot-starter-actuator, quarkus-smallrye-health, micronaut-management) and no health "
                + "route (such as /health, /healthz or /up) in the main sources"));
        evidence.add("dependencies " + project.libraryNames().size() + " from " + project.buildFile()
                + (project.modules().isEmpty() ? "" : " and its modules " + String.join(", ", project.modules()))
                + ", without test-only ones");
        return new TechStack(LANGUAGE, framework.value(), runtime.value(), project.libraryNames(),
                database.type().isPresent(), database.type(), buildTool.value(), start.value(),
                health.map(Finding::value), evidence, port.map(found -> Integer.valueOf(found.value())),
                Optional.empty());
    }

    /** The JDK's java (its absolute path, else {@code java}) and the build tool unless the wrapper is committed. */
    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        int major = JavaRuntime.major(stack.runtimeVersion());
        String java = installations.select(major).map(jdk -> jdk.java().toString()).orElse("java");
        ToolRequirement jdk = new ToolRequirement(java, "-version", JavaInstallations.installHint(major)
                + " (the app asks for Java " + major + " or newer)", Optional.of(new RuntimeVersionRequirement(LANGUAGE,
                String.valueOf(major), javaSource(stack))));
        if (usesWrapper(stack)) {
            return List.of(jdk);
        }
        return List.of(jdk, stack.buildTool().equals(GRADLE)
                ? new ToolRequirement(GRADLE, "--version", gradleHint())
                : new ToolRequirement("mvn", "--version", mavenHint()));
    }

    /** Where the Java version came from, as the evidence says; the default when no file names one. */
    private static String javaSource(TechStack stack) {
        String prefix = "runtime_version " + stack.runtimeVersion() + " from ";
        return stack.evidence().stream().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length())).findFirst().orElse("the default");
    }

    static String mavenHint() {
        return "apt-get install maven, or commit the Maven wrapper (mvn wrapper:wrapper)";
    }

    static String gradleHint() {
        return "install Gradle from https://gradle.org/install (Debian's gradle package is too old for current "
                + "builds), or commit the Gradle wrapper (gradle wrapper)";
    }

    /** Whether the stack was detected with a committed wrapper, which builds without an installed tool. */
    static boolean usesWrapper(TechStack stack) {
        return stack.evidence().stream().anyMatch(line -> line.startsWith("build_tool " + stack.buildTool()
                + " with the "));
    }

    private static Finding buildTool(Path directory, Path root, JavaProject project) {
        String tool = project.maven() ? MAVEN : GRADLE;
        String wrapper = project.maven() ? MAVEN_WRAPPER : GRADLE_WRAPPER;
        Optional<String> found = wrapperAtOrAbove(directory, root, wrapper);
        if (found.isPresent()) {
            return new Finding(tool, "build_tool " + tool + " with the " + (project.maven() ? "Maven" : "Gradle")
                    + " wrapper " + found.get() + " (" + project.buildFile() + "), which is preferred to an installed "
                    + (project.maven() ? "mvn" : "gradle"));
        }
        return new Finding(tool, "build_tool " + tool + " from " + project.buildFile() + " (no " + wrapper
                + " wrapper, so the installed " + (project.maven() ? "mvn" : "gradle") + " builds it)");
    }

    /** The wrapper in the app's directory, else in the build's root above it (up to the repository's root). */
    private static Optional<String> wrapperAtOrAbove(Path directory, Path root, String wrapper) {
        Path app = directory.toAbsolutePath().normalize();
        for (Path candidate : ProjectFiles.atOrAbove(app, root)) {
            if (ProjectFiles.has(candidate, wrapper)) {
                return Optional.of(candidate.equals(app) ? wrapper : ProjectFiles.relative(app, candidate.resolve(wrapper)));
            }
        }
        return Optional.empty();
    }

    /** The java to start the app with, and the evidence of why. */
    private Finding javaFor(Finding runtime) {
        int major = JavaRuntime.major(runtime.value());
        return installations.select(major)
                .map(jdk -> new Finding(jdk.java().toString(), "java is the JDK " + jdk.major() + " at "
                        + jdk.home() + ", the lowest installed major version at least " + major))
                .orElseGet(() -> new Finding("java", "java is the one on the PATH: no JDK " + major + " or newer "
                        + "is installed, and the build stops until one is (" + JavaInstallations.installHint(major)
                        + ")"));
    }
}
