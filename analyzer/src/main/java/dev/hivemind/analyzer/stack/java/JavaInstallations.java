package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.PreflightException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDKs on this machine, from {@code JAVA_HOME}, the {@code java} on the PATH and the directories under
 * {@code /usr/lib/jvm}, in that order. A JDK is a directory with {@code bin/java}, {@code bin/javac} and a
 * {@code release} file whose {@code JAVA_VERSION} gives its major version ({@code "1.8.0_402"} is 8,
 * {@code "17.0.15"} is 17); a JRE (no javac) cannot build and is not counted. Symbolic links to the same JDK count
 * once.
 */
public final class JavaInstallations {
    /** Where Debian and Ubuntu packages (and most tarball installs) put JDKs. */
    static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([0-9][^\"\\s]*)\"?");

    private final Map<String, String> environment;
    private final List<Path> jvmDirectories;

    /** The JDKs found from this process's environment and {@code /usr/lib/jvm}. */
    JavaInstallations() {
        this(System.getenv(), List.of(SYSTEM_JVMS));
    }

    /**
     * @param environment    read for {@code JAVA_HOME} and {@code PATH}
     * @param jvmDirectories directories whose sub-directories are JDKs, e.g. {@code /usr/lib/jvm}
     */
    JavaInstallations(Map<String, String> environment, List<Path> jvmDirectories) {
        this.environment = Map.copyOf(environment);
        this.jvmDirectories = List.copyOf(jvmDirectories);
    }

    /** One installed JDK: its home directory and major version. */
    record Jdk(Path home, int major) {
        Path java() {
            return home.resolve("bin/java");
        }
    }

    /** Every JDK found, without duplicates, in the order they were found. */
    List<Jdk> all() {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        for (Path home : candidates()) {
            jdkAt(home).ifPresent(jdk -> found.putIfAbsent(jdk.home(), jdk));
        }
        return List.copyOf(found.values());
    }

    /** The JDK with the lowest major version at least {@code required}; among equals the first found. */
    Optional<Jdk> select(int required) {
        return all().stream().filter(jdk -> jdk.major() >= required).min(Comparator.comparingInt(Jdk::major));
    }

    /**
     * @param evidence where the required version came from, for the message
     * @throws PreflightException when no JDK is at least {@code required}
     */
    Jdk require(int required, String evidence, String context) {
        return select(required).orElseThrow(() -> new PreflightException(Agent.COMPILER, "no JDK " + required
                + " or newer is installed (" + evidence + "); found " + describe(all()), context,
                "Install one: " + installHint(required) + ", or set JAVA_HOME to a JDK " + required + " or newer"));
    }

    /** The Debian package that gives a JDK of {@code major}, e.g. {@code apt-get install openjdk-17-jdk}. */
    static String installHint(int major) {
        return "apt-get install openjdk-" + major + "-jdk";
    }

    /** {@code 8} for {@code 1.8}, {@code 1.8.0_402} or {@code 8}; {@code 17} for {@code 17.0.2}. */
    public static Optional<Integer> major(String version) {
        Matcher matcher = Pattern.compile("^(?:1\\.)?(\\d+)").matcher(version.strip());
        if (!matcher.find()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(matcher.group(1));
        return major > 0 && major < 1000 ? Optional.of(major) : Optional.empty();
    }

    private static String describe(List<Jdk> jdks) {
        return jdks.isEmpty() ? "none (looked at JAVA_HOME, java on the PATH and " + SYSTEM_JVMS + ")"
                : String.join(", ", jdks.stream().map(jdk -> jdk.major() + " at " + jdk.home()).toList());
    }

    private List<Path> candidates() {
        List<Path> homes = new ArrayList<>();
        Optional.ofNullable(environment.get("JAVA_HOME")).filter(home -> !home.isBlank()).map(Path::of)
                .ifPresent(homes::add);
        Executables.find("java", environment.getOrDefault("PATH", "")).flatMap(JavaInstallations::homeOf)
                .ifPresent(homes::add);
        for (Path directory : jvmDirectories) {
            homes.addAll(children(directory));
        }
        return homes;
    }

    /** The home of a {@code java} executable: the directory above {@code bin}, after following links. */
    private static Optional<Path> homeOf(Path java) {
        try {
            Path real = java.toRealPath();
            return Optional.ofNullable(real.getParent()).map(Path::getParent);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path directory) {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return children;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        } catch (IOException unreadable) {
            return List.of();
        }
        children.sort(null);
        return children;
    }

    private static Optional<Jdk> jdkAt(Path home) {
        try {
            Path real = home.toRealPath();
            if (!Files.isExecutable(real.resolve("bin/java")) || !Files.isExecutable(real.resolve("bin/javac"))) {
                return Optional.empty();
            }
            return ProjectFiles.read(real.resolve("release")).map(JAVA_VERSION::matcher).filter(Matcher::find)
                    .flatMap(matcher -> major(matcher.group(1))).map(major -> new Jdk(real, major));
        } catch (IOException missing) {
            return Optional.empty();
        }
    }
}
