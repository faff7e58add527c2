package dev.hivemind.api.host;

import dev.hivemind.api.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
     * How a command runs besides its arguments.
     *
     * @param timeout            how long it may run before it is killed with what it started
     * @param inheritEnvironment whether the environment given is added to this process's (else it is the whole
     *                           environment)
     * @param ownGroup           whether it runs in a process group of its own that dies with this process
     *                           ({@link ChildGroup}): for commands a killed HiveMind must not leave running
     * @param endLeftovers       whether whatever it started and left running when it ended (a daemon, even one that
     *                           left the group with setsid) is killed then ({@link Leftovers})
     */
    public record Options(Duration timeout, boolean inheritEnvironment, boolean ownGroup, boolean endLeftovers) {
        private static final Duration UNLIMITED = Duration.ofDays(365);

        /** No time limit, this process's environment under the one given, this process's group. */
        public static Options defaults() {
            return new Options(UNLIMITED, true, false, false);
        }

        public Options withTimeout(Duration limit) {
            return new Options(limit, inheritEnvironment, ownGroup, endLeftovers);
        }

        /** The environment given is all the command gets. */
        public Options exactEnvironment() {
            return new Options(timeout, false, ownGroup, endLeftovers);
        }

        /** In a process group of its own, killed when this process dies, times out or is interrupted. */
        public Options inOwnGroup() {
            return new Options(timeout, inheritEnvironment, true, endLeftovers);
        }

        /** Nothing it starts outlives it: what is left when it ends is killed (a build's daemons). */
        public Options endingWhatItLeaves() {
            return new Options(timeout, inheritEnvironment, ownGroup, true);
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
        return run(command, directory, environment, progress, Options.defaults());
    }

    /**
     * As {@link #run(List, Path, Map, Progress)}, killing the command and its children when it runs longer than
     * {@code timeout} ({@link Outcome#timedOut()}).
     */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment,
                              Progress progress, Duration timeout) throws IOException, InterruptedException {
        return run(command, directory, environment, progress, Options.defaults().withTimeout(timeout));
    }

    /** As {@link #run(List, Path, Map, Progress)}, run as {@code options} say. */
    public static Outcome run(List<String> command, Path directory, Map<String, String> environment,
                              Progress progress, Options options) throws IOException, InterruptedException {
        Optional<Leftovers> leftovers = options.endLeftovers() ? Optional.of(Leftovers.mark()) : Optional.empty();
        Map<String, String> marked = new HashMap<>(environment);
        leftovers.ifPresent(mark -> marked.put(Leftovers.VARIABLE, mark.value()));
        Process process = start(command, directory, marked, options);
        OutputTail tail = new OutputTail(TAIL_LINES);
        Thread reader = Thread.ofPlatform().daemon().name("output of " + command.getFirst())
                .start(() -> pump(process.getInputStream(), progress, tail));
        try {
            boolean timedOut = !process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                kill(process, options);
                process.waitFor();
            }
            // a daemon it left may hold its output open: end it before draining
            leftovers.ifPresent(Leftovers::end);
            reader.join(DRAIN);
            return new Outcome(process.exitValue(), tail.lines(), timedOut);
        } catch (InterruptedException interrupted) {
            kill(process, options);
            leftovers.ifPresent(Leftovers::end);
            throw interrupted;
        }
    }

    private static Process start(List<String> command, Path directory, Map<String, String> environment,
                                 Options options) throws IOException {
        Consumer<ProcessBuilder> configure = builder -> {
            builder.directory(directory.toFile()).redirectErrorStream(true);
            if (!options.inheritEnvironment()) {
                builder.environment().clear();
            }
            builder.environment().putAll(environment);
        };
        if (options.ownGroup()) {
            return ChildGroup.start(command, directory, configure);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        configure.accept(builder);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
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

    private static void kill(Process process, Options options) {
        if (options.ownGroup()) {
            ChildGroup.end(process);
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
