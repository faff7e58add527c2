package dev.hivemind.analyzer.stack.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.stack.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenPomTest {
    @TempDir
    Path repository;

    @Test
    void interpolatesThroughPropertiesProjectValuesAndTheParentInsideTheRepository() throws IOException {
        // given a reactor pom and a module that inherits its group, version and properties
        write("pom.xml", """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example.shop</groupId>
                  <artifactId>shop-parent</artifactId>
                  <version>2.4.0</version>
                  <packaging>pom</packaging>
                  <properties>
                    <java.version>21</java.version>
                    <web.group>${project.groupId}.web</web.group>
                  </properties>
                  <modules><module>${project.artifactId}-app</module></modules>
                </project>
                """);
        Path module = write("shop-parent-app/pom.xml", """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>com.example.shop</groupId>
                    <artifactId>shop-parent</artifactId>
                    <version>2.4.0</version>
                  </parent>
                  <artifactId>app</artifactId>
                  <properties>
                    <maven.compiler.release>${java.version}</maven.compiler.release>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>${web.group}</groupId>
                      <artifactId>core-${project.parent.version}</artifactId>
                      <unknownElement>Maven reads past it, leniently</unknownElement>
                    </dependency>
                  </dependencies>
                </project>
                """);

        // when
        MavenPom pom = MavenPom.read(module, "shop-parent-app/pom.xml", repository);
        MavenPom root = MavenPom.read(repository.resolve("pom.xml"), "pom.xml", repository);

        // then
        assertThat(pom.property("maven.compiler.release")).contains(new Finding("21",
                "pom.xml properties java.version (via maven.compiler.release)"));
        assertThat(pom.dependencies()).extracting(JavaDependency::group, JavaDependency::artifact)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("com.example.shop.web", "core-2.4.0"));
        assertThat(pom.resolve("${project.groupId}:${project.artifactId}:${project.version}"))
                .isEqualTo("com.example.shop:app:2.4.0");
        assertThat(root.modules()).containsExactly("shop-parent-app");
        assertThat(pom.resolve("${undefined}")).isEqualTo("${undefined}");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = repository.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
