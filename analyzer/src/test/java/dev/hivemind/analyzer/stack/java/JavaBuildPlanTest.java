package dev.hivemind.analyzer.stack.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.BuildStep;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The planned build commands. Maven builds run for real in JavaArtifactBuilderIT; no Gradle distribution can be
 * downloaded on this machine, so Gradle builds are only tested as the commands they would run.
 */
class JavaBuildPlanTest {

    @Test
    void buildsWithMavenSkippingTests() {
        assertThat(JavaBuildPlan.plan(true, false, Optional.empty(), "/src").display())
                .isEqualTo("mvn -B -ntp package -DskipTests");
    }

    @Test
    void prefersTheMavenWrapper() {
        BuildStep step = JavaBuildPlan.plan(true, true, Optional.empty(), "/src");

        assertThat(step.display()).isEqualTo("./mvnw -B -ntp package -DskipTests");
        assertThat(step.context()).isEqualTo("Building the Java application in /src");
        assertThat(step.hint()).contains("'./mvnw -B package -DskipTests' in the app's directory");
    }

    @Test
    void buildsWithGradleWithoutTestsOrADaemonLeftBehind() {
        assertThat(JavaBuildPlan.plan(false, false, Optional.empty(), "/src").display())
                .isEqualTo("gradle build -x test --no-daemon");
        assertThat(JavaBuildPlan.plan(false, true, Optional.empty(), "/src").display())
                .isEqualTo("./gradlew build -x test --no-daemon");
    }

    @Test
    void runsTheHivemindYamlBuildCommandInAShellInstead() {
        BuildStep step = JavaBuildPlan.plan(false, true, Optional.of("./gradlew shadowJar"), "/src");

        assertThat(step.command()).containsExactly("/bin/sh", "-c", "./gradlew shadowJar");
        assertThat(step.context()).isEqualTo("Building the Java application in /src with the build command from "
                + "hivemind.yaml");
    }
}
