package dev.hivemind.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the CLI in-process against a private HIVEMIND_HOME and captures what it prints. */
public final class CliHarness implements AutoCloseable {
    final Path home;
    private final Path workingDirectory;

    public CliHarness(Path home, Path workingDirectory) {
        this.home = home;
        this.workingDirectory = workingDirectory;
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }

        /** The id of the deployment a {@code deploy} created, from its "Deploying APP from ... as ID" line. */
        public String deploymentId() {
            return err.lines().filter(line -> line.startsWith("Deploying ")).map(line -> line.substring(
                    line.lastIndexOf(" as ") + 4)).findFirst().orElseThrow(() -> new AssertionError(
                    "no \"Deploying ... as ID\" line in:\n" + this));
        }
    }

    public Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs the CLI with {@code extra} over this process's environment. */
    public Result run(Map<String, String> extra, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(extra);
        environment.put("HIVEMIND_HOME", home.toString());
        environment.remove("NO_COLOR");
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Main.run(new Invocation(o, e, environment, workingDirectory, false), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("cli") ? here.getParent() : here;
    }

    public static Path example(String name) {
        return repositoryRoot().resolve("examples").resolve(name);
    }

    /** A copy of the example in {@code target}, for tests that add files to it. */
    static Path copyOfExample(String name, Path target) throws IOException {
        Path from = example(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the agent this home started, with every app instance it runs. */
    @Override
    public void close() {
        run("agent", "stop");
    }
}
