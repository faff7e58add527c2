package dev.hivemind.target.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Java app is given to find the PostgreSQL HiveMind runs for it, beside DATABASE_URL. */
class JavaDatabaseVariablesTest {
    private static final String URL = "postgresql://shop:p%40ss%20word@127.0.0.1:5433/shop";

    @TempDir
    Path artifact;

    @Test
    void aJavaAppGetsTheJdbcAndSpringVariablesAndItsPostgresProfile() throws IOException {
        // a Spring Boot app with H2 by default and a postgres profile
        Files.createDirectories(artifact.resolve("src/main/resources"));
        Files.writeString(artifact.resolve("src/main/resources/application.properties"),
                "spring.datasource.url=jdbc:h2:mem:notes\n");
        Files.writeString(artifact.resolve("src/main/resources/application-postgres.properties"),
                "spring.datasource.url=${JDBC_DATABASE_URL}\n");

        // the start command HiveMind gives a Spring Boot app
        Map<String, String> variables = JavaDatabaseVariables.of("exec '/usr/lib/jvm/java 17/bin/java' $JAVA_OPTS "
                + "-Dserver.port=$PORT -Dserver.address=127.0.0.1 -jar app.jar", artifact, URL);

        assertThat(variables).containsExactly(
                Map.entry("JDBC_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5433/shop"),
                Map.entry("JDBC_DATABASE_USERNAME", "shop"),
                Map.entry("JDBC_DATABASE_PASSWORD", "p@ss word"),
                Map.entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5433/shop"),
                Map.entry("SPRING_DATASOURCE_USERNAME", "shop"),
                Map.entry("SPRING_DATASOURCE_PASSWORD", "p@ss word"),
                Map.entry("SPRING_PROFILES_ACTIVE", "postgres"));
    }

    @Test
    void theProfileIsFoundInTheJarAndAbsentWithoutOne() throws IOException {
        Map<String, String> withoutProfile = JavaDatabaseVariables.of("java -jar app.jar", artifact, URL);
        try (OutputStream out = Files.newOutputStream(artifact.resolve("app.jar"));
             ZipOutputStream jar = new ZipOutputStream(out)) {
            jar.putNextEntry(new ZipEntry("BOOT-INF/classes/application-postgres.yml"));
            jar.write("spring: {}\n".getBytes());
            jar.closeEntry();
        }

        Map<String, String> withProfile = JavaDatabaseVariables.of("java -jar app.jar", artifact, URL);

        assertThat(withoutProfile).containsKey("JDBC_DATABASE_URL").doesNotContainKey("SPRING_PROFILES_ACTIVE");
        assertThat(withProfile).containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
    }

    @Test
    void anAppThatIsNotJavaGetsOnlyDatabaseUrl() {
        assertThat(JavaDatabaseVariables.of("node server.js", artifact, URL)).isEmpty();
        assertThat(JavaDatabaseVariables.of("export PATH=\"$PWD/.venv/bin:$PATH\" && gunicorn app:app", artifact, URL))
                .isEmpty();
    }
}
