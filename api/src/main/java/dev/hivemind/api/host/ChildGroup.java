package dev.hivemind.api.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A command run in a process group of its own that cannot outlive this JVM, even when it is killed with SIGKILL:
 * Java has no {@code PR_SET_PDEATHSIG}, so the command is started under {@code setsid} by a shell that first leaves a
 * watchdog in the new group, blocked reading the pipe on its standard input, whose other end only this JVM holds,
 * and then becomes the command ({@code exec}, so the command's pid is the group's id). When this JVM dies, however it
 * dies, the kernel closes that end: the watchdog reads end-of-file and, as the command still runs, kills the whole
 * group ({@code kill -9 0}). {@link #end} closes it on purpose (a timeout, an interrupt). Once the command has
 * exited, Java closes the pipe itself: the watchdog finds the command gone and leaves quietly, so what a command
 * that ended normally left running keeps running, as without the watchdog. The command gets {@code /dev/null} as
 * its standard input.
 */
public final class ChildGroup {
    /** {@code $0} of the wrapper shell, as {@code ps} shows it. */
    static final String NAME = "hivemind-child";
    static final String WATCHDOG = """
            exec 3<&0 </dev/null
            { read -r line <&3 || { kill -0 $$ && kill -9 0; }; } >/dev/null 2>&1 &
            exec "$@" 3<&-
            """;
    private static final Duration LEADER_EXIT = Duration.ofSeconds(5);

    private ChildGroup() {
    }

    /**
     * Starts {@code command} in a group of its own, with the directory, environment and output redirection that
     * {@code configure} sets on the builder (its standard input must stay a pipe).
     *
     * @throws IOException when setsid or /bin/sh cannot start, or {@code command}'s executable is missing or not
     *                     executable (it is looked for on this JVM's PATH, as {@link ProcessBuilder} does)
     */
    public static Process start(List<String> command, Path directory, Consumer<ProcessBuilder> configure)
            throws IOException {
        requireExecutable(command.getFirst(), directory);
        List<String> wrapped = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", WATCHDOG, NAME));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped).directory(directory.toFile());
        configure.accept(builder);
        return builder.start();
    }

    /**
     * Kills the command's whole group, the command with whatever it started there, and waits (up to 5 s) until the
     * command itself has exited; kills it and its descendants directly if the watchdog did not.
     */
    public static void end(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing is all that matters, and a broken pipe is closed too
        }
        try {
            if (process.waitFor(LEADER_EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void requireExecutable(String executable, Path directory) throws IOException {
        Optional<Path> found = executable.contains("/")
                ? Optional.of(directory.resolve(executable)).filter(Files::isExecutable)
                : onPath(executable);
        if (found.isEmpty() || Files.isDirectory(found.get())) {
            throw new IOException("Cannot run program \"" + executable + "\" (in directory \"" + directory
                    + "\"): error=2, No such file or directory");
        }
    }

    private static Optional<Path> onPath(String executable) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, executable);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
