package dev.hivemind.runtime.staticsite;

import dev.hivemind.runtime.agent.AgentFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The executable behind {@code HIVEMIND_STATIC_SERVER}: a shell script under {@code agent/bin} that execs the
 * agent's own {@code java} with the agent's class path and {@link StaticSiteServer}, with a small heap. A static
 * site's start command is then a plain shell command ({@code exec "$HIVEMIND_STATIC_SERVER" public}) that the agent
 * starts, supervises and adopts like any other; the script is rewritten at each agent start, so it always names the
 * Java and the HiveMind the agent runs on.
 */
public final class StaticServerScript {
    /** The variable every instance gets, naming the script. */
    public static final String VARIABLE = "HIVEMIND_STATIC_SERVER";
    static final String NAME = "hivemind-static";
    /** A site server needs little: the serial collector, a 64 MB heap, and C1 for a quick start. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss512k",
            "-XX:TieredStopAtLevel=1");

    private StaticServerScript() {
    }

    /** Writes {@code binDirectory/hivemind-static} (0700) for this JVM's java and class path; returns its path. */
    public static Path install(Path binDirectory) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path script = AgentFiles.directory(binDirectory).resolve(NAME);
        AgentFiles.writeAtomically(script, content(java, System.getProperty("java.class.path"))
                .getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + script + " executable: " + e.getMessage(), e);
        }
        return script;
    }

    /**
     * What an app's own user must be able to read to run {@code script}: the script, the Java home and every entry of
     * the class path it names.
     */
    public static List<Path> needs(Path script) {
        List<Path> needed = new ArrayList<>(List.of(script, Path.of(System.getProperty("java.home"))));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                needed.add(Path.of(entry).toAbsolutePath());
            }
        }
        return needed;
    }

    static String content(String java, String classPath) {
        String options = JVM_OPTIONS.stream().collect(Collectors.joining(" "));
        return "#!/bin/sh\n"
                + "# Written by the HiveMind host agent: serves the directory given as argument on $HOST:$PORT.\n"
                + "exec " + quoted(java) + " " + options + " -cp " + quoted(classPath) + " "
                + StaticSiteServer.class.getName() + " \"$@\"\n";
    }

    /** {@code value} in single quotes for sh, a single quote inside written as {@code '\''}. */
    static String quoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
