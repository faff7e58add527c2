package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The Java version an app needs, as a major version ({@code 1.8} is {@code 8}), from the first of:
 * <ol>
 * <li>{@code system.properties} {@code java.runtime.version} (the Heroku convention: the JDK to run with, which may
 * be newer than the bytecode level);</li>
 * <li>Maven: the compiler plugin's {@code release}, {@code maven.compiler.release}, the plugin's {@code target},
 * {@code maven.compiler.target}, the plugin's {@code source}, {@code maven.compiler.source}, then
 * {@code java.version} (each resolved through properties and the spring-boot-starter-parent's defaults; a plugin's
 * configuration wins over the property that is only its default, and release over target over source, as for
 * javac);</li>
 * <li>Gradle: the toolchain's {@code languageVersion}, {@code jvmToolchain(N)}, {@code targetCompatibility}, then
 * {@code sourceCompatibility} ({@code JavaVersion.VERSION_17}, {@code JavaVersion.toVersion("21")} or a number), of
 * the root script, then of the included projects' scripts in order;</li>
 * <li>else {@value #DEFAULT_VERSION}.</li>
 * </ol>
 */
final class JavaRuntime {
    /** The version used when the app names none: the oldest Java LTS Spring Boot 3 and Quarkus 3 run on. */
    static final String DEFAULT_VERSION = "17";
    static final String SYSTEM_PROPERTIES = "system.properties";
    private static final String COMPILER_PLUGIN = "maven-compiler-plugin";

    private JavaRuntime() {
    }

    static Finding detect(Path directory, JavaProject project) {
        List<Supplier<Optional<Finding>>> sources = new ArrayList<>();
        sources.add(() -> systemProperties(directory));
        project.pom().ifPresent(pom -> sources.addAll(maven(pom)));
        project.gradle().ifPresent(gradle -> sources.add(gradle::javaVersion));
        project.moduleBuilds().forEach(module -> sources.add(module::javaVersion));
        for (Supplier<Optional<Finding>> source : sources) {
            Optional<Finding> found = source.get().flatMap(JavaRuntime::normalised);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION + " is the default: no "
                + "system.properties java.runtime.version, compiler release/target/source, java.version, Gradle "
                + "toolchain or source/targetCompatibility names one");
    }

    /** The required major version of a detected {@code runtime_version}, e.g. {@code 17}; 17 when unreadable. */
    static int major(String runtimeVersion) {
        return JavaInstallations.major(runtimeVersion).orElse(Integer.parseInt(DEFAULT_VERSION));
    }

    private static List<Supplier<Optional<Finding>>> maven(MavenPom pom) {
        return List.of(
                () -> compilerSetting(pom, "release"),
                () -> pom.property("maven.compiler.release"),
                () -> compilerSetting(pom, "target"),
                () -> pom.property("maven.compiler.target"),
                () -> compilerSetting(pom, "source"),
                () -> pom.property("maven.compiler.source"),
                () -> pom.property("java.version"));
    }

    private static Optional<Finding> compilerSetting(MavenPom pom, String setting) {
        return pom.plugins().stream().filter(plugin -> plugin.artifact().equals(COMPILER_PLUGIN))
                .filter(plugin -> plugin.configuration().containsKey(setting)).findFirst()
                .flatMap(plugin -> pom.value(plugin.configuration().get(setting), pom.file() + " " + COMPILER_PLUGIN
                        + " configuration " + setting));
    }

    private static Optional<Finding> systemProperties(Path directory) {
        return ProjectFiles.read(directory.resolve(SYSTEM_PROPERTIES)).flatMap(text -> {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException malformed) {
                return Optional.empty();
            }
            return Optional.ofNullable(properties.getProperty("java.runtime.version")).map(String::strip)
                    .filter(value -> !value.isEmpty())
                    .map(value -> new Finding(value, SYSTEM_PROPERTIES + " java.runtime.version"));
        });
    }

    /** The raw value as a major version, with the evidence line; empty when it names no version. */
    private static Optional<Finding> normalised(Finding raw) {
        return JavaInstallations.major(raw.value()).map(major -> new Finding(String.valueOf(major),
                "runtime_version " + major + " from " + raw.evidence()
                        + (raw.value().equals(String.valueOf(major)) ? "" : " (" + raw.value() + ")")));
    }
}
