package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Java app: chooses the JDK (the lowest installed major version at least the app's), copies the source into
 * the artifact directory (without .git, .gradle and build output), runs the wrapper or the installed Maven or Gradle
 * there with {@code JAVA_HOME} set to that JDK (or the hivemind.yaml build command), then lays out the runnable
 * result as {@code app.jar} (with its Class-Path libraries) or {@code quarkus-app/}, where the detected start
 * command runs it. Maven uses the user's local repository ({@code ~/.m2}). Every output line goes to the
 * {@link Progress} as it comes; a failed build gives a {@link BuildException} with the last 40 lines of output, and
 * the partial artifact is removed.
 */
public final class JavaArtifactBuilder implements ArtifactBuilder {
    private final Clock clock;
    private final JavaInstallations installations;

    public JavaArtifactBuilder() {
        this(Clock.systemUTC(), new JavaInstallations());
    }

    /**
     * @param clock         times the build
     * @param installations the JDKs to choose from
     */
    JavaArtifactBuilder(Clock clock, JavaInstallations installations) {
        this.clock = clock;
        this.installations = installations;
    }

    /**
     * @throws PreflightException    when no JDK is recent enough, or the build tool is missing and there is no
     *                               wrapper
     * @throws InvalidInputException when the source holds no Maven or Gradle build
     * @throws BuildException        when the build fails (with its last 40 lines of output) or produces nothing
     *                               runnable (naming the jars it did produce)
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        Path source = request.source().toAbsolutePath().normalize();
        Path artifact = request.artifactDirectory().toAbsolutePath().normalize();
        TechStack stack = request.stack();
        boolean maven = toolOf(stack);
        requireUsableDirectories(source, artifact);
        JavaProject project = JavaProject.read(source);
        String wrapperName = maven ? JavaDetector.MAVEN_WRAPPER : JavaDetector.GRADLE_WRAPPER;
        boolean wrapper = ProjectFiles.has(source, wrapperName);
        int major = JavaRuntime.major(stack.runtimeVersion());
        String context = "Choosing the JDK that builds the Java application in " + source;
        JavaInstallations.Jdk jdk = installations.require(major, "the app asks for Java " + major, context);
        Map<String, String> environment = environment(request.environment(), jdk);
        BuildStep step = JavaBuildPlan.plan(maven, wrapper, stack.buildCommand(), source.toString());
        List<String> command = resolve(step, wrapper, artifact, environment.getOrDefault("PATH", ""), maven);
        BuildArtifact built = BuildSteps.produce(artifact, List.of(step), List.of(command), environment, clock,
                output, () -> {
                    output.line("Using the JDK " + jdk.major() + " at " + jdk.home() + " (the app asks for Java "
                            + major + ")");
                    JavaSources.copy(source, artifact, output);
                    if (wrapper && stack.buildCommand().isEmpty()) {
                        makeExecutable(artifact.resolve(wrapperName), source);
                    }
                });
        return layOut(built, artifact, maven, project, stack, source.toString(), output);
    }

    /** Puts the runnable jar (or quarkus-app) in place and checksums the result; a failure removes the artifact. */
    private static BuildArtifact layOut(BuildArtifact built, Path artifact, boolean maven, JavaProject project,
                                        TechStack stack, String shownSource, Progress output) {
        try {
            boolean quarkusApp = stack.startCommand().contains(JavaStartCommand.QUARKUS_RUN);
            RunnableJar.layOut(artifact, maven, project.modules(), quarkusApp, shownSource, output);
            ArtifactChecksum checksum = ArtifactChecksum.of(artifact);
            return new BuildArtifact(built.path(), built.type(), checksum.sizeBytes(), checksum.value(),
                    built.buildCommand(), built.buildDurationSeconds());
        } catch (RuntimeException failure) {
            try {
                PrivateFiles.deleteTree(artifact);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    /** Whether Maven (else Gradle) builds the stack. */
    private static boolean toolOf(TechStack stack) {
        if (!stack.language().equals(JavaDetector.LANGUAGE)) {
            throw new IllegalArgumentException("JavaArtifactBuilder builds java apps, not " + stack.language());
        }
        return switch (stack.buildTool()) {
            case JavaDetector.MAVEN -> true;
            case JavaDetector.GRADLE -> false;
            default -> throw new IllegalArgumentException("unknown Java build tool '" + stack.buildTool()
                    + "'; known: maven, gradle");
        };
    }

    private static void requireUsableDirectories(Path source, Path artifact) {
        if (!Files.isDirectory(source) || !JavaProject.present(source)) {
            throw new InvalidInputException(Agent.COMPILER, "there is no Maven or Gradle build in " + source,
                    "Building the Java application in " + source, "Analyze the source again and build the "
                    + "directory that holds pom.xml or build.gradle[.kts]");
        }
        BuildSteps.requireFreshArtifact(source, artifact);
    }

    /** This process's environment, the request's, and the JDK as JAVA_HOME and first on the PATH. */
    private static Map<String, String> environment(Map<String, String> requested, JavaInstallations.Jdk jdk) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(requested);
        String path = environment.getOrDefault("PATH", "");
        environment.put("JAVA_HOME", jdk.home().toString());
        environment.put("PATH", jdk.home().resolve("bin") + (path.isEmpty() ? "" : File.pathSeparator + path));
        return environment;
    }

    /** The step's executable before anything is done: the wrapper in the artifact, the shell, or the tool. */
    private static List<String> resolve(BuildStep step, boolean wrapper, Path artifact, String path, boolean maven) {
        if (step.executable().startsWith("./")) {
            return BuildSteps.withExecutable(step, artifact.resolve(step.executable().substring(2)));
        }
        if (step.executable().startsWith("/")) {
            return step.command();
        }
        Path executable = Executables.find(step.executable(), path).orElseThrow(() -> new PreflightException(
                Agent.COMPILER, step.executable() + " is not installed: no " + step.executable() + " on the PATH ("
                + path + ")" + (wrapper ? "" : " and the app commits no " + (maven ? "mvnw" : "gradlew")),
                step.context(), "Install it: " + (maven ? JavaDetector.mavenHint() : JavaDetector.gradleHint())));
        return BuildSteps.withExecutable(step, executable);
    }

    /** A wrapper committed from Windows may lack its executable bit; the copy is ours to fix. */
    private static void makeExecutable(Path wrapper, Path source) {
        try {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(wrapper));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(wrapper, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BuildException(Agent.COMPILER, "cannot make " + wrapper + " executable: " + e,
                    "Preparing the build wrapper of the Java application in " + source, "Check that the artifact "
                    + "directory is on a local file system that keeps file modes", e);
        }
    }
}
