package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.build.Directories;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Finds what a Java build produced that can run, and lays it out at the top of the artifact directory where the
 * start command expects it. Quarkus' fast-jar is the whole {@code quarkus-app} directory, copied as
 * {@code quarkus-app/}; anything else is one jar copied as {@code app.jar}: a Spring Boot jar (its {@code BOOT-INF}
 * layout or its JarLauncher Main-Class) first, else the largest jar with a Main-Class (an uber-jar is larger than
 * the thin jar it was made from), the files its manifest {@code Class-Path} names copied beside it. Jars of
 * sources, javadoc or tests, and the {@code original-*} and {@code *-plain} jars shading and Spring Boot leave
 * behind, are never chosen. The build output is {@code target/} for Maven and {@code build/libs/} (and
 * {@code build/quarkus-app/}) for Gradle, of the app and of its modules.
 */
final class RunnableJar {
    private static final String BOOT_LOADER = "org.springframework.boot.loader.";

    private RunnableJar() {
    }

    /** A jar in the build output and what its manifest says. */
    record Candidate(Path jar, String relative, Optional<String> mainClass, boolean springBoot,
                     List<String> classPath, Optional<String> excludedAs) {

        boolean runnable() {
            return excludedAs.isEmpty() && (springBoot || mainClass.isPresent());
        }

        String describe() {
            return relative + " (" + excludedAs.map(reason -> reason + ", not runnable")
                    .orElse(springBoot ? "Spring Boot" : mainClass.map(main -> "Main-Class " + main)
                            .orElse("no Main-Class in its manifest")) + ")";
        }
    }

    /**
     * Lays out what the start command runs: {@code quarkus-app/} when {@code quarkusApp}, else {@code app.jar}.
     *
     * @param modules the module directories whose build output is searched too
     * @throws BuildException when the build produced nothing runnable, naming what it did produce
     */
    static String layOut(Path artifact, boolean maven, List<String> modules, boolean quarkusApp, String shownSource,
                         Progress output) {
        List<Path> outputs = outputDirectories(artifact, maven, modules);
        if (quarkusApp) {
            return layOutQuarkus(artifact, outputs, shownSource, output);
        }
        List<Candidate> candidates = candidates(artifact, outputs);
        Candidate chosen = choose(candidates).orElseThrow(() -> noRunnableJar(candidates, outputs, artifact,
                shownSource));
        copy(chosen.jar(), artifact.resolve(JavaStartCommand.APP_JAR), shownSource);
        output.line("Using " + chosen.describe() + " as " + JavaStartCommand.APP_JAR);
        copyClassPath(chosen, artifact, shownSource, output);
        return chosen.relative();
    }

    /** The jars in the build output directories, sorted by path, each with what its manifest says. */
    static List<Candidate> candidates(Path artifact, List<Path> outputs) {
        List<Candidate> candidates = new ArrayList<>();
        for (Path directory : outputs) {
            for (Path jar : jars(directory)) {
                candidates.add(inspect(artifact, jar));
            }
        }
        return candidates;
    }

    /** A Spring Boot jar first, else the largest jar with a Main-Class. */
    static Optional<Candidate> choose(List<Candidate> candidates) {
        Comparator<Candidate> bySize = Comparator.comparingLong(candidate -> size(candidate.jar()));
        return candidates.stream().filter(Candidate::runnable).filter(Candidate::springBoot).max(bySize)
                .or(() -> candidates.stream().filter(Candidate::runnable).max(bySize));
    }

    static List<Path> outputDirectories(Path artifact, boolean maven, List<String> modules) {
        List<Path> roots = new ArrayList<>();
        roots.add(artifact);
        modules.forEach(module -> roots.add(artifact.resolve(module)));
        return roots.stream().map(root -> maven ? root.resolve("target") : root.resolve("build/libs"))
                .filter(Files::isDirectory).toList();
    }

    private static String layOutQuarkus(Path artifact, List<Path> outputs, String shownSource, Progress output) {
        List<Path> roots = outputs.stream().map(directory -> directory.getFileName().toString().equals("libs")
                ? directory.getParent() : directory).toList();
        for (Path root : roots) {
            Path app = root.resolve(JavaStartCommand.QUARKUS_APP);
            if (Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                try {
                    Directories.copyTree(app, artifact.resolve(JavaStartCommand.QUARKUS_APP), Set.of(), artifact
                            .resolve(JavaStartCommand.QUARKUS_APP));
                } catch (IOException e) {
                    throw copyFailed(app, e, shownSource);
                }
                String relative = ProjectFiles.relative(artifact, app);
                output.line("Using Quarkus' " + relative + " as " + JavaStartCommand.QUARKUS_APP + "/");
                return relative;
            }
        }
        List<Candidate> candidates = candidates(artifact, outputs);
        throw new BuildException(Agent.COMPILER, "the Quarkus build produced no quarkus-app/quarkus-run.jar; "
                + "found " + found(candidates, outputs, artifact), "Finding the runnable jar of the Java application "
                + "in " + shownSource, "Build Quarkus' default fast-jar (remove quarkus.package.jar.type, or set it "
                + "to fast-jar), or set quarkus.package.jar.type=uber-jar in application.properties so the "
                + "start command runs app.jar");
    }

    private static void copyClassPath(Candidate chosen, Path artifact, String shownSource, Progress output) {
        if (chosen.springBoot() || chosen.classPath().isEmpty()) {
            return;
        }
        Path from = chosen.jar().getParent();
        List<String> missing = new ArrayList<>();
        for (String entry : chosen.classPath()) {
            Path source = from.resolve(entry).normalize();
            Path target = artifact.resolve(entry).normalize();
            if (!target.startsWith(artifact) || !Files.exists(source)) {
                missing.add(entry);
            } else if (!source.equals(target)) {
                copy(source, target, shownSource);
            }
        }
        if (!missing.isEmpty()) {
            throw new BuildException(Agent.COMPILER, chosen.relative() + " names " + missing.size() + " of its "
                    + chosen.classPath().size() + " Class-Path entries that the build did not produce: "
                    + String.join(", ", missing.stream().limit(10).toList()) + (missing.size() > 10 ? ", ..." : ""),
                    "Collecting the libraries of the Java application in " + shownSource, "Make the package phase "
                    + "copy the dependencies where the manifest says (maven-dependency-plugin's copy-dependencies "
                    + "goal with outputDirectory ${project.build.directory}/lib), or build one uber-jar with "
                    + "maven-shade-plugin (Gradle: the shadow plugin)");
        }
        output.line("Copied the " + chosen.classPath().size() + " libraries of its Class-Path beside "
                + JavaStartCommand.APP_JAR);
    }

    private static Candidate inspect(Path artifact, Path jar) {
        String relative = ProjectFiles.relative(artifact, jar);
        Optional<String> excluded = excludedAs(jar.getFileName().toString());
        if (excluded.isPresent()) {
            return new Candidate(jar, relative, Optional.empty(), false, List.of(), excluded);
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            Optional<String> mainClass = Optional.ofNullable(main.getValue(Attributes.Name.MAIN_CLASS))
                    .map(String::strip).filter(name -> !name.isEmpty());
            boolean springBoot = mainClass.filter(name -> name.startsWith(BOOT_LOADER)).isPresent()
                    || file.stream().anyMatch(entry -> entry.getName().startsWith("BOOT-INF/"));
            List<String> classPath = Optional.ofNullable(main.getValue(Attributes.Name.CLASS_PATH))
                    .map(value -> Arrays.stream(value.strip().split("\\s+")).filter(entry -> !entry.isEmpty())
                            .toList()).orElse(List.of());
            return new Candidate(jar, relative, mainClass, springBoot, classPath, Optional.empty());
        } catch (IOException unreadable) {
            return new Candidate(jar, relative, Optional.empty(), false, List.of(),
                    Optional.of("unreadable: " + unreadable.getMessage()));
        }
    }

    private static Optional<String> excludedAs(String name) {
        if (name.endsWith("-sources.jar") || name.endsWith("-test-sources.jar")) {
            return Optional.of("sources");
        }
        if (name.endsWith("-javadoc.jar")) {
            return Optional.of("javadoc");
        }
        if (name.endsWith("-tests.jar")) {
            return Optional.of("tests");
        }
        if (name.startsWith("original-")) {
            return Optional.of("the jar before shading");
        }
        if (name.endsWith("-plain.jar")) {
            return Optional.of("the plain jar beside Spring Boot's");
        }
        return Optional.empty();
    }

    private static List<Path> jars(Path directory) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            entries.forEach(entry -> {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    jars.add(entry);
                }
            });
        } catch (IOException unreadable) {
            return List.of();
        }
        jars.sort(null);
        return jars;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException unreadable) {
            return 0;
        }
    }

    private static void copy(Path from, Path to, String shownSource) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw copyFailed(from, e, shownSource);
        }
    }

    private static BuildException copyFailed(Path from, IOException e, String shownSource) {
        return new BuildException(Agent.COMPILER, "cannot copy " + from + " into place: " + e, "Laying out the "
                + "artifact of the Java application in " + shownSource, "Check that the disk has room", e);
    }

    private static String found(List<Candidate> candidates, List<Path> outputs, Path artifact) {
        if (candidates.isEmpty()) {
            return "no jar in " + (outputs.isEmpty() ? "the build output (there is no target/ or build/libs/)"
                    : String.join(", ", outputs.stream().map(dir -> ProjectFiles.relative(artifact, dir) + "/")
                    .toList()));
        }
        return String.join(", ", candidates.stream().map(Candidate::describe).toList());
    }

    private static BuildException noRunnableJar(List<Candidate> candidates, List<Path> outputs, Path artifact,
                                                String shownSource) {
        return new BuildException(Agent.COMPILER, "the build produced no runnable jar: found "
                + found(candidates, outputs, artifact), "Finding the runnable jar of the Java application in "
                + shownSource, "Make the build produce an executable jar: put a Main-Class in the jar's manifest "
                + "(maven-jar-plugin archive/manifest/mainClass; Gradle jar { manifest { attributes 'Main-Class': "
                + "... } }), let spring-boot-maven-plugin repackage it, or build an uber-jar with "
                + "maven-shade-plugin; packaging must be jar, not pom or war");
    }
}
