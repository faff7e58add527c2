package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of the host agent's JVM: tuned to serve again within a second of starting (after a crash the apps
 * are unreachable until the agent's proxies listen) and to live long.
 *
 * <ul>
 * <li>The serial collector and a 512 MB heap: the agent holds little; full tiered JIT, because it proxies every
 * request for as long as it runs.</li>
 * <li>A cache of the classes the agent loads, under {@code agent/}: on JDK 25 and later an ahead-of-time cache
 * ({@code -XX:AOTCache}, classes loaded and linked, lambdas resolved), on JDK 19 to 24 a dynamic class-data archive
 * ({@code -XX:+AutoCreateSharedArchive}). The JVM writes it when an agent started without a valid one exits normally
 * ({@code agent stop}, SIGTERM) and maps it on every later start, which roughly halves the CPU a cold start of
 * Jetty, Jackson and the agent takes. A cache older than the classpath is recorded again.</li>
 * <li>Jetty's references-per-cache-line given up front: otherwise Jetty's {@code MemoryUtils} asks the platform
 * MBean server for the VM's options on the first thread pool it creates, and starting JMX (and JFR's MBean with
 * it) is a few hundred milliseconds of a cold start.</li>
 * <li>A umask of 077, set by {@code /bin/sh} before it becomes the JVM: what the JVM writes itself, out of HiveMind's
 * reach (the class cache, the temporary AOT configuration of a training run, an {@code hs_err} file), is private to
 * the user like every file under {@code HIVEMIND_HOME}. Instances set their own umask (022) when they start.</li>
 * <li>Reflection through the JVM's native accessors: by default each reflective call site gets method handles whose
 * classes are spun at run time, and Jackson reading {@code desired.json} (records, read reflectively) spent a few
 * hundred milliseconds of CPU on them; the agent calls nothing reflectively per proxied request.</li>
 * </ul>
 */
public final class AgentJvm {
    /** The JDK that first has {@code -XX:+AutoCreateSharedArchive}. */
    static final int AUTO_ARCHIVE_FEATURE = 19;
    /** The JDK that first records an ahead-of-time cache in one run ({@code -XX:AOTCacheOutput}). */
    static final int AOT_CACHE_FEATURE = 25;
    /** The option of a JVM that records the cache when it exits normally; the cache's path follows it. */
    static final String RECORD_CACHE = "-XX:AOTCacheOutput=";
    /** 64-byte cache lines over 4-byte compressed references (the heap is below 32 GB). */
    static final int REFERENCES_PER_CACHE_LINE = 16;

    private AgentJvm() {
    }

    /**
     * The shell script that sets the umask and becomes the command given after it ({@code $0}, {@code $@}), without
     * the {@code PWD} the shell would add to the agent's clean environment.
     */
    static final String PRIVATE_UMASK = "umask 077 && unset PWD && exec \"$0\" \"$@\"";

    /**
     * The whole command: {@code /bin/sh} setting the umask 077, then {@code java}, the options for the running JVM's
     * version, {@code classpath}, the main class and its arguments.
     */
    public static List<String> command(String java, HivemindHome home, String classpath, String mainClass,
                                       List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", PRIVATE_UMASK));
        command.add(java);
        command.addAll(options(home, Runtime.version(), classpath));
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /**
     * The JVM options for an agent on another host, started by a service manager with a fixed command line: the
     * class-data archive the JVM checks and writes again by itself (JDK 19 and later), whatever the JDK.
     */
    public static List<String> portableOptions(HivemindHome home, Runtime.Version version) {
        List<String> options = new ArrayList<>(BASE_OPTIONS);
        if (version.feature() >= AUTO_ARCHIVE_FEATURE) {
            Path archive = home.agent().resolve("agent-" + version.toString().replaceAll("[^A-Za-z0-9._-]", "_")
                    + ".jsa");
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
                    "-Xlog:cds=off"));
        }
        return List.copyOf(options);
    }

    private static final List<String> BASE_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx512m", "-Xss512k",
            "-Dorg.eclipse.jetty.util.referencesPerCacheLine=" + REFERENCES_PER_CACHE_LINE,
            "-Djdk.reflect.useNativeAccessorOnly=true");

    /** The JVM options for an agent running on a JVM of {@code version} with {@code classpath}. */
    static List<String> options(HivemindHome home, Runtime.Version version, String classpath) {
        List<String> options = new ArrayList<>(BASE_OPTIONS);
        options.addAll(classCache(home, version, classpath));
        return List.copyOf(options);
    }

    /** The class cache's file for a JVM of {@code version}: one per JDK, a cache is only valid for the one that wrote it. */
    static Path cache(HivemindHome home, Runtime.Version version) {
        String suffix = version.feature() >= AOT_CACHE_FEATURE ? ".aot" : ".jsa";
        return home.agent().resolve("agent-" + version.toString().replaceAll("[^A-Za-z0-9._-]", "_") + suffix);
    }

    private static List<String> classCache(HivemindHome home, Runtime.Version version, String classpath) {
        Path cache = cache(home, version);
        if (version.feature() >= AOT_CACHE_FEATURE) {
            // a cache that does not match the classpath is ignored by the JVM; record it again instead
            String option = fresh(cache, classpath) ? "-XX:AOTCache=" : RECORD_CACHE;
            return List.of(option + cache, "-Xlog:aot=off,cds=off");
        }
        if (version.feature() >= AUTO_ARCHIVE_FEATURE) {
            // the JVM itself checks the archive against the classpath and writes it again when it does not match
            return List.of("-XX:SharedArchiveFile=" + cache, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off");
        }
        return List.of();
    }

    /** Whether {@code cache} exists and is newer than every file on {@code classpath}. */
    static boolean fresh(Path cache, String classpath) {
        Optional<FileTime> written = modified(cache);
        return written.isPresent() && Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> modified(Path.of(entry)))
                .allMatch(entry -> entry.map(time -> time.compareTo(written.get()) < 0).orElse(true));
    }

    private static Optional<FileTime> modified(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.getLastModifiedTime(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
