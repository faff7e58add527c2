package dev.hivemind.testing.hosts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine and waits for them. */
final class Commands {
    static final Duration SHORT = Duration.ofSeconds(30);
    private static final File NO_INPUT = new File("/dev/null");

    private Commands() {
    }

    /** Runs {@code command} and returns its result whatever its exit code. */
    static ExecResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /**
     * Runs {@code command} with {@code environment} added to this JVM's, its standard input empty. Its output goes to
     * files rather than pipes, so a command that leaves a background process holding them still ends here.
     */
    static ExecResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        Path output = temporaryFile("out");
        Path errors = temporaryFile("err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(NO_INPUT)
                    .redirectOutput(output.toFile()).redirectError(errors.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(process.toHandle());
                throw new TestHostException(String.join(" ", command) + " did not finish within " + timeout
                        + "; output so far: " + read(output) + read(errors));
            }
            return new ExecResult(String.join(" ", command), process.exitValue(), read(output), read(errors));
        } catch (IOException e) {
            throw new TestHostException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestHostException("interrupted while running " + String.join(" ", command), e);
        } finally {
            delete(output);
            delete(errors);
        }
    }

    /** Runs {@code command} and returns its output; a {@link TestHostException} when it fails. */
    static String check(String... command) {
        return run(List.of(command), SHORT).orThrow();
    }

    /** Kills {@code process} and everything it started, at once. */
    static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Path temporaryFile(String suffix) {
        try {
            return Files.createTempFile("hivemind-test-host-command-", "." + suffix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for a command's output", e);
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover temporary file in /tmp is not worth failing a test for.
        }
    }
}
