package dev.hivemind.analyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves a built artifact to another directory. Some builds write the artifact's own absolute path into it: a Python
 * virtual environment's scripts start with {@code #!<artifact>/.venv/bin/python3}, its {@code activate} names it,
 * an editable install's {@code .pth} file lists it. A cached artifact copied to a new deployment's directory must
 * have those rewritten, or it would run the old deployment's files (or nothing, once they are gone).
 *
 * <p>{@link #scan} finds, once when the artifact is stored, the text files and links that hold the path; {@link
 * #apply} rewrites exactly those after a copy. Compiled Python ({@code .pyc}) keeps the old path, which only names
 * source files in tracebacks. Any other binary file holding the path (a native module linked against it) makes the
 * artifact unmovable, and it is not cached.
 */
final class ArtifactRelocation {
    private static final long MAX_SCANNED = 256L * 1024 * 1024;

    private ArtifactRelocation() {
    }

    /**
     * What must be rewritten in {@code artifact} (relative paths), or why it cannot be moved.
     *
     * @param files     text files holding the artifact's path
     * @param links     symbolic links whose target starts with it
     * @param unmovable the first file that holds the path in a form that cannot be rewritten
     */
    record Plan(List<String> files, List<String> links, Optional<String> unmovable) {
        Plan {
            files = List.copyOf(files);
            links = List.copyOf(links);
        }
    }

    static Plan scan(Path artifact) throws IOException {
        byte[] needle = artifact.toString().getBytes(StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<String> unmovable = new ArrayList<>();
        Files.walkFileTree(artifact, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = ProjectFiles.relative(artifact, file);
                if (attributes.isSymbolicLink()) {
                    if (Files.readSymbolicLink(file).startsWith(artifact)) {
                        links.add(relative);
                    }
                } else if (attributes.isRegularFile()) {
                    if (attributes.size() > MAX_SCANNED) {
                        unmovable.add(relative + " (too large to scan for its path)");
                        return FileVisitResult.TERMINATE;
                    }
                    byte[] content = Files.readAllBytes(file);
                    if (indexOf(content, needle, 0) >= 0) {
                        if (indexOf(content, new byte[] {0}, 0) < 0) {
                            files.add(relative);
                        } else if (!relative.endsWith(".pyc")) {
                            unmovable.add(relative);
                            return FileVisitResult.TERMINATE;
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Plan(files, links, unmovable.stream().findFirst());
    }

    /** Rewrites what {@code plan} lists in {@code artifact}, built in {@code builtIn}, to name {@code artifact}. */
    static void apply(Plan plan, Path builtIn, Path artifact) throws IOException {
        String from = builtIn.toString();
        String to = artifact.toString();
        for (String relative : plan.files()) {
            Path file = artifact.resolve(relative);
            // ISO-8859-1 maps every byte to one char and back, so bytes other than the path are kept exactly
            String content = Files.readString(file, StandardCharsets.ISO_8859_1);
            // a new file in place of the old one: the old may be a hard link into the build cache
            Path rewritten = file.resolveSibling(file.getFileName() + ".relocating");
            Files.writeString(rewritten, content.replace(latin1(from), latin1(to)), StandardCharsets.ISO_8859_1);
            Files.setPosixFilePermissions(rewritten, Files.getPosixFilePermissions(file));
            Files.move(rewritten, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        for (String relative : plan.links()) {
            Path link = artifact.resolve(relative);
            Path target = Files.readSymbolicLink(link);
            Files.delete(link);
            Files.createSymbolicLink(link, artifact.resolve(builtIn.relativize(target)));
        }
    }

    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
