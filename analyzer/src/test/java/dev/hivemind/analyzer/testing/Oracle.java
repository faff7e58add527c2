package dev.hivemind.analyzer.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A reference implementation a differential test compares HiveMind's answers with: npm's own {@code semver}
 * package, Debian's {@code python3-packaging}, {@code go mod edit -json}. The program reads one case per line on
 * standard input and answers one line per case. {@code scripts/test} installs the oracles when it runs as root (npm
 * packages into {@link #cacheDirectory()}, outside the clone); a test skips, saying why, only when an oracle is
 * missing and this is not root, who could have installed it. As root a missing oracle fails the test.
 */
public final class Oracle {
    private final List<String> command;

    private Oracle(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** Where npm oracles are installed: {@code $HIVEMIND_ORACLES}, else {@code /var/cache/hivemind/oracles}. */
    public static Path cacheDirectory() {
        String configured = System.getenv("HIVEMIND_ORACLES");
        return Path.of(configured == null || configured.isBlank() ? "/var/cache/hivemind/oracles" : configured);
    }

    /** The oracle {@code command}, when {@code needed} exists; else a skip (not root) or a failure (root). */
    public static Oracle require(String what, Path needed, List<String> command) {
        requireInstalled(what, needed);
        return new Oracle(command);
    }

    /** Nothing when {@code needed} exists; else a skip (not root) or a failure (root), saying what is missing. */
    public static void requireInstalled(String what, Path needed) {
        if (!Files.exists(needed)) {
            String missing = what + " is not installed (" + needed + " is missing); scripts/test installs it as root";
            if (isRoot()) {
                fail(missing + ", and this runs as root: run scripts/test once, or install it as it does");
            }
            Assumptions.abort("Skipped: " + missing + ", and this is not root, who could have installed it");
        }
    }

    /** The oracle's answers to {@code cases}, one line each, in order. */
    public List<String> answer(List<String> cases) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process));
            try (var in = process.getOutputStream()) {
                in.write((String.join("\n", cases) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                fail("the oracle " + command + " failed (exit " + (process.isAlive() ? "timeout" : process.exitValue())
                        + ")");
            }
            List<String> answers = output.join().lines().toList();
            if (answers.size() != cases.size()) {
                fail("the oracle " + command + " gave " + answers.size() + " answers to " + cases.size() + " cases");
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
