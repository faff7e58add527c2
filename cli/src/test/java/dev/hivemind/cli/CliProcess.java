package dev.hivemind.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a JVM of its own, as a user's terminal runs it, so that a test can kill it (SIGKILL) at a chosen moment
 * or hold the app's lock from another process. Its output goes to a file; closing it kills it if it still runs.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code hivemind ARGS} against {@code home}, writing its output to {@code log}. */
    static CliProcess start(Path home, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath));
        // The jar the ssh target copies to its hosts (set by failsafe for the tests' JVM).
        Optional.ofNullable(System.getProperty("hivemind.jar")).ifPresent(jar -> command.add("-Dhivemind.jar=" + jar));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HIVEMIND_HOME", home.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new CliProcess(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills it with SIGKILL, as {@code kill -9} does, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the CLI (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
        }
    }

    /** What it printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
