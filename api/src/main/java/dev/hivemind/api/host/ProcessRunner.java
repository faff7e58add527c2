package dev.hivemind.api.host;

import dev.hivemind.api.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command to its end, passing every line it prints (standard error merged into standard output) to a
 * {@link Progress} as it comes, from one reader thread, and keeping the last lines for the error report.
 */
public final class ProcessRunner {
    /** How many of the last output lines a failure report carries. */
    public static final int TAIL_LINES = 40;
    /** How long output left in the pipe (by a child that outlives the command) is still read after the exit. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private ProcessRunner() {
    }

    /** The exit code and the last {@value #TAIL_LINES} lines printed; whether it was killed for running too long. */
    public record Outcome(int exitCode, List<String> tail, boolean timedOut) {
        public Outcome {
            tail = List.copyOf(tail);
        }

        public Outcome(int exitCode, List<String> tail) {
            this(exitCode, tail, false);
        }
    }

    /**
     * @param command     the executable (an absolute path, since the child's PATH is not the one Java looks in)
     *                    and its arguments
     * @param environment added to this process's environment, overriding it
     * @throws IOException          when the command cannot be started
     * @throws InterruptedException when the caller is interrupted; the command and its children are killed first
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment,
                              Progress progress) throws IOException, InterruptedException {
        return run(command, directory, environment, progress, Duration.ofDays(365));
    }

    /**
     * As {@link #run(List, Path, Map, Progress)}, killing the command and its children when it runs longer than
     * {@code timeout} ({@link Outcome#timedOut()}).
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment,
                              Progress progress, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        OutputTail tail = new OutputTail(TAIL_LINES);
        Thread reader = Thread.ofPlatform().daemon().name("output of " + command.getFirst())
                .start(() -> pump(process.getInputStream(), progress, tail));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                process.waitFor();
                reader.join(DRAIN);
                return new Outcome(process.exitValue(), tail.lines(), true);
            }
            reader.join(DRAIN);
            return new Outcome(process.exitValue(), tail.lines());
        } catch (InterruptedException interrupted) {
            kill(process);
            throw interrupted;
        }
    }

    private static void pump(InputStream output, Progress progress, OutputTail tail) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                tail.add(line);
                progress.line(line);
            }
        } catch (IOException closed) {
            // The process was killed and its pipe closed: there is nothing more to read.
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
