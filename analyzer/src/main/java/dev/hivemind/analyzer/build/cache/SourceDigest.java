package dev.hivemind.analyzer.build.cache;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 digests for the build cache's key: of a whole app directory's files (relative paths, executable bits,
 * link targets and contents, in path order, length-prefixed), leaving out the directories analysis never enters
 * ({@link ProjectFiles#SKIPPED}: dependencies, build output, {@code .git}, virtual environments), and of single
 * files. Links are never followed.
 */
final class SourceDigest {
    private final MessageDigest digest = sha256();

    /** Adds one length-prefixed text field. */
    SourceDigest field(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).flip());
        digest.update(bytes);
        return this;
    }

    /** The 64 hex digits of everything added. */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of a file's content. */
    static String ofFile(Path file) {
        SourceDigest digest = new SourceDigest();
        try {
            digest.content(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it", e);
        }
        return digest.hex();
    }

    /** The digest of the app's own files under {@code directory}. */
    static String ofDirectory(Path directory) {
        SourceDigest digest = new SourceDigest();
        try {
            for (Path file : files(directory)) {
                String relative = ProjectFiles.relative(directory, file);
                if (Files.isSymbolicLink(file)) {
                    digest.field("link:" + relative).field(Files.readSymbolicLink(file).toString());
                } else {
                    digest.field((Files.isExecutable(file) ? "exec:" : "file:") + relative).content(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + " to hash it", e);
        }
        return digest.hex();
    }

    private static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return !dir.equals(directory) && ProjectFiles.SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort((one, other) -> ProjectFiles.relative(directory, one)
                .compareTo(ProjectFiles.relative(directory, other)));
        return files;
    }

    private SourceDigest content(Path file) throws IOException {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).flip());
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return this;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
