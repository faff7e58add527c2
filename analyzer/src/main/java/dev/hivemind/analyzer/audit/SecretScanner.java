package dev.hivemind.analyzer.audit;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scans an app's source for committed secrets ({@link SecretRules}), within bounds: {@link ProjectFiles#SKIPPED}
 * and hidden directories are not entered, at most {@value #MAX_FILES} files {@value #MAX_DEPTH} directories down
 * are read, and files over {@link #MAX_FILE_BYTES} bytes or with a NUL byte in their first
 * {@value #SNIFF_BYTES} bytes (binary) are skipped.
 */
final class SecretScanner {
    static final int MAX_FILES = 5_000;
    static final int MAX_DEPTH = 16;
    static final long MAX_FILE_BYTES = ProjectFiles.MAX_BYTES;
    static final int SNIFF_BYTES = 8 * 1024;

    /**
     * What a scan found.
     *
     * @param findings     the possible secrets, in path order
     * @param filesScanned text files read
     * @param filesSkipped binary or oversized files not read
     */
    record Result(List<SecretFinding> findings, int filesScanned, int filesSkipped) {
        Result {
            findings = List.copyOf(findings);
        }
    }

    private SecretScanner() {
    }

    static Result scan(Path root) {
        List<SecretFinding> findings = new ArrayList<>();
        int scanned = 0;
        int skipped = 0;
        for (Path file : ProjectFiles.find(root, MAX_DEPTH, MAX_FILES, file -> true)) {
            Optional<List<String>> lines = textLines(file);
            if (lines.isEmpty()) {
                skipped++;
                continue;
            }
            scanned++;
            findings.addAll(SecretRules.scan(ProjectFiles.relative(root, file), file.getFileName().toString(),
                    lines.get()));
        }
        return new Result(findings, scanned, skipped);
    }

    /** The file's lines, or empty when it is too large, binary or unreadable. */
    private static Optional<List<String>> textLines(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readAllBytes();
            }
            for (int index = 0; index < Math.min(bytes.length, SNIFF_BYTES); index++) {
                if (bytes[index] == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
