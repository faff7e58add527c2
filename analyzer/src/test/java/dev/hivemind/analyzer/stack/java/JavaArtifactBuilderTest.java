package dev.hivemind.analyzer.stack.java;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks before it runs anything; real builds are in JavaArtifactBuilderIT. */
class JavaArtifactBuilderTest {
    @TempDir
    Path root;
    @TempDir
    Path jvms;

    @Test
    void refusesBeforeAnySideEffectWhenNoJdkIsRecentEnough() throws IOException {
        Path jdk17 = FakeJdks.jdk(jvms, "jdk-17", "17.0.12").toRealPath();
        Path source = app("source");
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder().build(new BuildRequest(source, stack("21", "maven"), artifact, Map.of()),
                Progress.none())).isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("no JDK 21 or newer is installed (the app asks for "
                            + "Java 21); found 17 at " + jdk17);
                    assertThat(error.remediation()).startsWith("Install one: apt-get install openjdk-21-jdk");
                    assertThat(error.context()).isEqualTo("Choosing the JDK that builds the Java application in "
                            + source);
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesBeforeAnySideEffectWhenMavenIsMissingAndThereIsNoWrapper() throws IOException {
        Path jdk = FakeJdks.jdk(jvms, "jdk-17", "17.0.12").toRealPath();
        Path source = app("source");
        Path emptyBin = Files.createDirectories(root.resolve("bin"));
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder().build(new BuildRequest(source, stack("17", "maven"), artifact,
                Map.of("PATH", emptyBin.toString())), Progress.none()))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("mvn is not installed: no mvn on the PATH ("
                            + jdk.resolve("bin") + ":" + emptyBin + ") and the app commits no mvnw");
                    assertThat(error.remediation()).isEqualTo("Install it: apt-get install maven, or commit the "
                            + "Maven wrapper (mvn wrapper:wrapper)");
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesASourceWithoutABuildFile() {
        Path source = root.resolve("empty");
        write(source, "App.java", "class App {}");

        assertThatThrownBy(() -> builder().build(new BuildRequest(source, stack("17", "maven"),
                root.resolve("artifact"), Map.of()), Progress.none())).isInstanceOf(InvalidInputException.class)
                .hasMessage("there is no Maven or Gradle build in " + source);
    }

    @Test
    void buildsOnlyJavaStacks() {
        TechStack node = new TechStack("nodejs", "none", "20", List.of(), false, Optional.empty(), "npm",
                "npm start", Optional.empty(), List.of());

        assertThatThrownBy(() -> builder().build(new BuildRequest(app("source"), node, root.resolve("artifact"),
                Map.of()), Progress.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JavaArtifactBuilder builds java apps, not nodejs");
    }

    @Test
    void isTheStandardBuilderForJava() {
        assertThat(ArtifactBuilders.standard(Path.of("/unused-cache")).forLanguage("java")).get().isInstanceOf(JavaArtifactBuilder.class);
    }

    private JavaArtifactBuilder builder() {
        return new JavaArtifactBuilder(Clock.systemUTC(), FakeJdks.only(jvms));
    }

    private Path app(String name) {
        Path source = root.resolve(name);
        write(source, "pom.xml", JavaDetectorTest.pom("", ""));
        return source;
    }

    private static TechStack stack(String version, String tool) {
        return new TechStack("java", "none", version, List.of(), false, Optional.empty(), tool,
                "exec java -jar app.jar", Optional.empty(), List.of());
    }
}
