package dev.hivemind.analyzer.stack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaInstallationsTest {
    @TempDir
    Path jvms;
    @TempDir
    Path elsewhere;

    @Test
    void picksTheLowestMajorAtLeastTheRequiredOne() throws IOException {
        FakeJdks.jdk(jvms, "jdk-25", "25.0.1");
        Path jdk17 = FakeJdks.jdk(jvms, "jdk-17", "17.0.12").toRealPath();
        Path jdk21 = FakeJdks.jdk(jvms, "jdk-21", "21.0.4").toRealPath();
        JavaInstallations installations = FakeJdks.only(jvms);

        assertThat(installations.select(11)).map(JavaInstallations.Jdk::home).contains(jdk17);
        assertThat(installations.select(17)).map(JavaInstallations.Jdk::home).contains(jdk17);
        assertThat(installations.select(18)).map(JavaInstallations.Jdk::home).contains(jdk21);
        assertThat(installations.select(26)).isEmpty();
    }

    @Test
    void skipsRuntimesWithoutJavacAndDirectoriesWithoutAReleaseFile() throws IOException {
        FakeJdks.jre(jvms, "jre-17", "17.0.12");
        Files.createDirectories(jvms.resolve("openjdk-17/bin"));
        Path jdk21 = FakeJdks.jdk(jvms, "jdk-21", "21.0.4").toRealPath();

        assertThat(FakeJdks.only(jvms).all()).containsExactly(new JavaInstallations.Jdk(jdk21, 21));
    }

    @Test
    void countsALinkedJdkOnceAndPrefersJavaHomeAmongEquals() throws IOException {
        Path linked = FakeJdks.jdk(jvms, "java-17-openjdk-amd64", "17.0.15").toRealPath();
        Files.createSymbolicLink(jvms.resolve("java-1.17.0-openjdk-amd64"), linked);
        Path home = FakeJdks.jdk(elsewhere, "temurin-17", "17.0.9").toRealPath();
        JavaInstallations installations = new JavaInstallations(Map.of("JAVA_HOME", home.toString()),
                List.of(jvms));

        assertThat(installations.all()).containsExactly(new JavaInstallations.Jdk(home, 17),
                new JavaInstallations.Jdk(linked, 17));
        assertThat(installations.select(17)).map(JavaInstallations.Jdk::home).contains(home);
    }

    @Test
    void findsTheJdkOfTheJavaOnThePath() throws IOException {
        Path jdk = FakeJdks.jdk(elsewhere, "jdk-21", "21.0.4").toRealPath();

        JavaInstallations installations = new JavaInstallations(Map.of("PATH", jdk.resolve("bin").toString()),
                List.of());

        assertThat(installations.all()).containsExactly(new JavaInstallations.Jdk(jdk, 21));
    }

    @Test
    void refusesWithTheExactPackageWhenNoneIsRecentEnough() throws IOException {
        Path jdk17 = FakeJdks.jdk(jvms, "jdk-17", "17.0.12").toRealPath();

        assertThatThrownBy(() -> FakeJdks.only(jvms).require(21, "runtime_version 21 from pom.xml", "Building"))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("no JDK 21 or newer is installed (runtime_version 21 "
                            + "from pom.xml); found 17 at " + jdk17);
                    assertThat(error.remediation()).isEqualTo("Install one: apt-get install openjdk-21-jdk, or set "
                            + "JAVA_HOME to a JDK 21 or newer");
                    assertThat(error.context()).isEqualTo("Building");
                });
    }

    @Test
    void saysWhereItLookedWhenThereIsNoJdkAtAll() {
        assertThatThrownBy(() -> FakeJdks.only(jvms).require(17, "the default", "Building"))
                .hasMessage("no JDK 17 or newer is installed (the default); found none (looked at JAVA_HOME, java "
                        + "on the PATH and /usr/lib/jvm)");
    }

    @ParameterizedTest
    @CsvSource({"1.8, 8", "1.8.0_402, 8", "8, 8", "11, 11", "17.0.15, 17", "21-ea, 21", "1, 1"})
    void readsMajorVersions(String version, int major) {
        assertThat(JavaInstallations.major(version)).contains(major);
    }

    @Test
    void findsTheJdksOfThisMachine() {
        assertThat(new JavaInstallations().all()).as("the JDK running the tests is found")
                .anyMatch(jdk -> jdk.major() == Runtime.version().feature());
    }
}
