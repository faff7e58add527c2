package dev.hivemind.target.ssh.host;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Java runtime for the agent on hosts that have no Java 21 or newer: an image of the JDK HiveMind runs on, made once
 * with {@code jlink} and kept packed in the cache, uploaded once per host. Only for hosts of this machine's
 * architecture.
 */
final class JavaRuntimeImage {
    /** What the agent (and HiveMind's jar) needs from the platform. */
    static final String MODULES = "java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.crypto.ec";
    private static final Duration JLINK_TIMEOUT = Duration.ofMinutes(5);

    private JavaRuntimeImage() {
    }

    /** The running JDK's version, which names the image. */
    static Runtime.Version version() {
        return Runtime.version();
    }

    /** This machine's architecture as the JDK names it. */
    static String arch() {
        return System.getProperty("os.arch");
    }

    /** The packed image ({@code .tar.gz}) under {@code cache}, made first when it is missing. */
    static Path packed(Path cache) {
        String name = "java-" + version().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + arch();
        Path packed = cache.resolve(name + ".tar.gz");
        if (Files.isRegularFile(packed)) {
            return packed;
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new InfrastructureException(Agent.PROVISIONER, "the host has no Java 21 or newer for the agent, "
                    + "and this machine's Java (" + System.getProperty("java.home") + ") has no jlink to make one",
                    "Preparing a Java runtime for the agent", "Install Java 21 or newer on the host "
                    + "(apt-get install openjdk-21-jre-headless where available), or run HiveMind on a full JDK");
        }
        try {
            PrivateFiles.directory(cache);
            Path work = Files.createTempDirectory(cache, name + ".");
            Path image = work.resolve("image");
            run(List.of(jlink.toString(), "--add-modules", MODULES, "--strip-debug", "--no-header-files",
                    "--no-man-pages", "--compress=zip-6", "--output", image.toString()), "jlink");
            Path partial = work.resolve(name + ".tar.gz");
            run(List.of("tar", "-C", image.toString(), "-czf", partial.toString(), "."), "tar");
            Files.move(partial, packed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            PrivateFiles.deleteTree(work);
            return packed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the agent's Java runtime under " + cache, e);
        }
    }

    private static void run(List<String> command, String what) throws IOException {
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(command, Path.of("/"), Map.of(), Progress.none(), JLINK_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        if (outcome.exitCode() != 0) {
            throw new InfrastructureException(Agent.PROVISIONER, what + " failed (exit " + outcome.exitCode() + "): "
                    + String.join(" | ", outcome.tail()), "Preparing a Java runtime for the agent",
                    "Install Java 21 or newer on the host instead");
        }
    }
}
