package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own linter of the text exposition format, {@code promtool check metrics} (Debian's prometheus
 * package, which scripts/test installs as root). A test skips, saying why, only when it is missing and this is not
 * root, who could have installed it; as root a missing promtool fails the test.
 */
public final class Promtool {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** What promtool says of {@code metrics}: exit code 0 and no problem, or the failure of the calling test. */
    public static void assertAccepts(String metrics) {
        Result result = check(metrics);
        if (result.exit() != 0 || !result.output().isBlank()) {
            fail("promtool check metrics refused the text (exit " + result.exit() + "): " + result.output()
                    + "\n--- the text ---\n" + metrics);
        }
    }

    /** Runs {@code promtool check metrics} over {@code metrics}. */
    static Result check(String metrics) {
        if (!Files.isExecutable(PROMTOOL)) {
            String missing = "promtool is not installed (" + PROMTOOL + "; Debian package prometheus)";
            if ("root".equals(System.getProperty("user.name"))) {
                fail(missing + ", and this runs as root: run scripts/test once, or apt-get install prometheus");
            }
            Assumptions.abort("Skipped: " + missing + ", and this is not root, who could have installed it");
        }
        try {
            Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true)
                    .start();
            try (var in = process.getOutputStream()) {
                in.write(metrics.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("promtool check metrics did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String output) {
    }
}
