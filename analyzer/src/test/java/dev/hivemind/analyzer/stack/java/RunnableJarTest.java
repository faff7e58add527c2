package dev.hivemind.analyzer.stack.java;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.BuildException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing and laying out the runnable jar, over jars written by the tests with java.util.jar. */
class RunnableJarTest {
    @TempDir
    Path artifact;

    private final List<String> output = new ArrayList<>();

    @Test
    void choosesSpringBootsRepackagedJarOverTheLargerPlainOne() throws IOException {
        jar("target/shop-1.0.jar.original", Map.of(), 10, "dev/Shop.class");
        jar("target/shop-1.0.jar", Map.of("Main-Class", "org.springframework.boot.loader.launch.JarLauncher",
                "Start-Class", "dev.Shop"), 10, "BOOT-INF/classes/dev/Shop.class", "BOOT-INF/lib/a.jar");
        jar("target/shop-1.0-fat-but-plain.jar", Map.of("Main-Class", "dev.Shop"), 50_000, "dev/Shop.class");

        String chosen = layOut(true, false);

        assertThat(chosen).isEqualTo("target/shop-1.0.jar");
        assertThat(artifact.resolve("app.jar")).hasSameBinaryContentAs(artifact.resolve("target/shop-1.0.jar"));
        assertThat(output).containsExactly("Using target/shop-1.0.jar (Spring Boot) as app.jar");
    }

    @Test
    void knowsASpringBootJarByItsLayoutToo() throws IOException {
        jar("build/libs/shop-plain.jar", Map.of("Main-Class", "dev.Shop"), 100_000, "dev/Shop.class");
        jar("build/libs/shop-all.jar", Map.of("Main-Class", "dev.Shop"), 50_000, "dev/Shop.class");
        jar("build/libs/shop.jar", Map.of("Main-Class", "dev.CustomLauncher"), 10, "BOOT-INF/classes/dev/A.class");
        write(artifact, "build.gradle", "");

        assertThat(layOut(false, false)).isEqualTo("build/libs/shop.jar");
        assertThat(output).containsExactly("Using build/libs/shop.jar (Spring Boot) as app.jar");
    }

    @Test
    void keepsTheWholeQuarkusAppDirectory() throws IOException {
        jar("target/quarkus-app/quarkus-run.jar", Map.of("Main-Class", "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                "Class-Path", "lib/boot/q.jar"), 10, "META-INF/x");
        jar("target/quarkus-app/lib/boot/q.jar", Map.of(), 10, "q/Q.class");
        write(artifact, "target/quarkus-app/quarkus/quarkus-application.dat", "data");
        jar("target/greeting-1.0.jar", Map.of(), 10, "org/acme/G.class");

        String chosen = layOut(true, true);

        assertThat(chosen).isEqualTo("target/quarkus-app");
        assertThat(artifact.resolve("quarkus-app/quarkus-run.jar")).isRegularFile();
        assertThat(artifact.resolve("quarkus-app/lib/boot/q.jar")).isRegularFile();
        assertThat(artifact.resolve("quarkus-app/quarkus/quarkus-application.dat")).hasContent("data");
        assertThat(artifact.resolve("app.jar")).doesNotExist();
    }

    @Test
    void refusesAQuarkusBuildWithoutItsFastJar() throws IOException {
        jar("target/greeting-1.0-runner.jar", Map.of("Main-Class", "io.quarkus.runner.GeneratedMain"), 10, "a");

        assertThatThrownBy(() -> layOut(true, true)).isInstanceOfSatisfying(BuildException.class, error -> {
            assertThat(error.getMessage()).isEqualTo("the Quarkus build produced no quarkus-app/quarkus-run.jar; "
                    + "found target/greeting-1.0-runner.jar (Main-Class io.quarkus.runner.GeneratedMain)");
            assertThat(error.remediation()).contains("quarkus.package.jar.type=uber-jar");
        });
    }

    @Test
    void choosesTheShadedJarOverTheOriginalAndTheSources() throws IOException {
        jar("target/original-notes-1.0.jar", Map.of("Main-Class", "io.example.Notes"), 100_000, "io/example/N.class");
        jar("target/notes-1.0-sources.jar", Map.of("Main-Class", "io.example.Notes"), 200_000, "io/example/N.java");
        jar("target/notes-1.0.jar", Map.of("Main-Class", "io.example.Notes"), 50_000, "io/example/N.class",
                "io/javalin/Javalin.class");

        assertThat(layOut(true, false)).isEqualTo("target/notes-1.0.jar");
    }

    @Test
    void copiesTheLibrariesTheManifestClassPathNames() throws IOException {
        jar("target/app-1.0.jar", Map.of("Main-Class", "dev.App", "Class-Path", "lib/a-1.jar lib/b-2.jar"), 10,
                "dev/App.class");
        jar("target/lib/a-1.jar", Map.of(), 10, "a/A.class");
        jar("target/lib/b-2.jar", Map.of(), 10, "b/B.class");

        layOut(true, false);

        assertThat(artifact.resolve("lib/a-1.jar")).hasSameBinaryContentAs(artifact.resolve("target/lib/a-1.jar"));
        assertThat(artifact.resolve("lib/b-2.jar")).isRegularFile();
        assertThat(output).contains("Copied the 2 libraries of its Class-Path beside app.jar");
    }

    @Test
    void refusesAJarWhoseClassPathLibrariesWereNotProduced() throws IOException {
        jar("target/app-1.0.jar", Map.of("Main-Class", "dev.App", "Class-Path", "lib/a-1.jar lib/b-2.jar"), 10,
                "dev/App.class");
        jar("target/lib/a-1.jar", Map.of(), 10, "a/A.class");

        assertThatThrownBy(() -> layOut(true, false)).isInstanceOfSatisfying(BuildException.class, error -> {
            assertThat(error.getMessage()).isEqualTo("target/app-1.0.jar names 1 of its 2 Class-Path entries that "
                    + "the build did not produce: lib/b-2.jar");
            assertThat(error.remediation()).contains("copy-dependencies").contains("maven-shade-plugin");
        });
    }

    @Test
    void refusesABuildWithNoRunnableJarNamingTheJarsItFound() throws IOException {
        jar("target/lib-1.0.jar", Map.of(), 10, "dev/Lib.class");
        jar("target/lib-1.0-javadoc.jar", Map.of("Main-Class", "dev.Lib"), 10, "index.html");

        assertThatThrownBy(() -> layOut(true, false)).isInstanceOfSatisfying(BuildException.class, error -> {
            assertThat(error.getMessage()).isEqualTo("the build produced no runnable jar: found "
                    + "target/lib-1.0-javadoc.jar (javadoc, not runnable), target/lib-1.0.jar (no Main-Class in its "
                    + "manifest)");
            assertThat(error.context()).isEqualTo("Finding the runnable jar of the Java application in /src");
            assertThat(error.remediation()).startsWith("Make the build produce an executable jar: put a Main-Class "
                    + "in the jar's manifest").contains("spring-boot-maven-plugin").contains("maven-shade-plugin");
        });
        assertThat(artifact.resolve("app.jar")).doesNotExist();
    }

    @Test
    void saysThereIsNoBuildOutputAtAll() {
        assertThatThrownBy(() -> layOut(true, false)).hasMessage("the build produced no runnable jar: found no jar "
                + "in the build output (there is no target/ or build/libs/)");
    }

    @Test
    void looksInTheModulesBuildOutputToo() throws IOException {
        jar("core/target/core-1.0.jar", Map.of(), 10, "core/C.class");
        jar("web/target/web-1.0.jar", Map.of("Main-Class", "web.Main"), 10, "web/Main.class");

        assertThat(RunnableJar.layOut(artifact, true, List.of("core", "web"), false, "/src", output::add))
                .isEqualTo("web/target/web-1.0.jar");
    }

    private String layOut(boolean maven, boolean quarkusApp) {
        return RunnableJar.layOut(artifact, maven, List.of(), quarkusApp, "/src", output::add);
    }

    /** A jar with the given manifest attributes and entries, padded with {@code padding} bytes. */
    private void jar(String relative, Map<String, String> attributes, int padding, String... entries)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Path jar = artifact.resolve(relative);
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String entry : entries) {
                out.putNextEntry(new JarEntry(entry));
                out.write(new byte[entry.endsWith("/") ? 0 : padding]);
                out.closeEntry();
            }
        }
    }
}
