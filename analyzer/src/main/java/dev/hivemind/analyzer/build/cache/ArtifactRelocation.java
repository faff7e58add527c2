package dev.hivemind.analyzer.build.cache;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
public final class ArtifactRelocation {
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
    public record Plan(List<String> files, List<String> links, Optional<String> unmovable) {
        public Plan {
            files = List.copyOf(files);
            links = List.copyOf(links);
        }
    }

    public static Plan scan(Path artifact) throws IOException {
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
    public static void apply(Plan plan, Path builtIn, Path artifact) throws IOException {
        Rewrite rewrite = new Rewrite(plan, builtIn, artifact);
        for (String relative : plan.files()) {
            rewrite.file(relative, Files.readAllBytes(artifact.resolve(relative)));
        }
        for (String relative : plan.links()) {
            rewrite.link(relative, "");
        }
        rewrite.write();
    }

    /**
     * The rewriting of a plan's files and links, in two halves: as a {@link ArtifactChecksum.Substitution}, it
     * computes each new content and target (so the checksum of the result is known from the same read as the
     * current one), and {@link #write} then writes exactly what it computed.
     */
    public static final class Rewrite implements ArtifactChecksum.Substitution {
        private final Set<String> files;
        private final Set<String> links;
        private final Path builtIn;
        private final Path artifact;
        private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
        private final Map<String, Path> targets = new ConcurrentHashMap<>();

        /** Rewrites {@code plan}'s files and links in {@code artifact}, built in {@code builtIn}. */
        public Rewrite(Plan plan, Path builtIn, Path artifact) {
            this.files = Set.copyOf(plan.files());
            this.links = Set.copyOf(plan.links());
            this.builtIn = builtIn;
            this.artifact = artifact;
        }

        @Override
        public boolean replacesFile(String relative) {
            return files.contains(relative);
        }

        @Override
        public byte[] file(String relative, byte[] content) {
            // ISO-8859-1 maps every byte to one char and back, so bytes other than the path are kept exactly
            byte[] rewritten = new String(content, StandardCharsets.ISO_8859_1)
                    .replace(latin1(builtIn.toString()), latin1(artifact.toString()))
                    .getBytes(StandardCharsets.ISO_8859_1);
            contents.put(relative, rewritten);
            return rewritten;
        }

        @Override
        public boolean replacesLink(String relative) {
            return links.contains(relative);
        }

        /** Reads the link itself: {@code target} is the checksum's rendering of it. */
        @Override
        public String link(String relative, String target) {
            try {
                Path relinked = artifact.resolve(builtIn.relativize(Files.readSymbolicLink(artifact.resolve(relative))));
                targets.put(relative, relinked);
                return relinked.toString().replace('\\', '/');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes every new content and target computed, each file as a new file, keeping its mode. */
        public void write() throws IOException {
            for (String relative : files) {
                Path file = artifact.resolve(relative);
                // a new file in place of the old one: the old may be a hard link into the build cache
                Path rewritten = file.resolveSibling(file.getFileName() + ".relocating");
                Files.write(rewritten, computed(contents, relative));
                Files.setPosixFilePermissions(rewritten, Files.getPosixFilePermissions(file));
                Files.move(rewritten, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            for (String relative : links) {
                Path link = artifact.resolve(relative);
                Path target = computed(targets, relative);
                Files.delete(link);
                Files.createSymbolicLink(link, target);
            }
        }

        private <T> T computed(Map<String, T> computed, String relative) throws IOException {
            T value = computed.get(relative);
            if (value == null) {
                throw new IOException(artifact.resolve(relative) + " is to be relocated but is not in the artifact");
            }
            return value;
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
