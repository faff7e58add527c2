package dev.hivemind.analyzer.stack.java;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * Copies a Java app's source into its artifact directory without {@code .git}, {@code .gradle} and the build output
 * ({@code target} or {@code build} beside a pom.xml or Gradle script, at any module): a stale output would be built
 * upon. A package called {@code build} or {@code target} under {@code src/} is source, and is copied.
 */
final class JavaSources {
    private static final Set<String> NEVER = Set.of(".git", ".gradle");
    private static final Set<String> OUTPUTS = Set.of("target", "build");
    private static final List<String> BUILD_FILES = List.of(MavenPom.FILE, "build.gradle", "build.gradle.kts");

    private JavaSources() {
    }

    static void copy(Path source, Path artifact, Progress output) {
        output.line("Copying " + source + " to " + artifact + " (without .git, .gradle and the build output "
                + "directories target and build)");
        try {
            Files.createDirectories(artifact);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                        throws IOException {
                    if (!directory.equals(source) && (skipped(directory) || directory.equals(artifact))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(artifact.resolve(source.relativize(directory).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                        Files.copy(file, artifact.resolve(source.relativize(file).toString()),
                                LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BuildException(Agent.COMPILER, "cannot copy " + source + " to " + artifact + ": " + e,
                    "Copying the Java application in " + source + " to its build directory",
                    "Check that every file under " + source + " is readable and that the disk has room", e);
        }
    }

    /** Whether the directory is never copied, or is the build output of the build file beside it. */
    static boolean skipped(Path directory) {
        String name = directory.getFileName().toString();
        return NEVER.contains(name) || (OUTPUTS.contains(name) && BUILD_FILES.stream()
                .anyMatch(file -> Files.isRegularFile(directory.resolveSibling(file), LinkOption.NOFOLLOW_LINKS)));
    }
}
