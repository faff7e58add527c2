package dev.hivemind.analyzer.stack.java;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.RuntimeVersionRequirement;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java detection over the fixtures in src/test/resources/fixtures/java-* (never built) and small trees written by
 * the tests, choosing among fake JDKs 17 and 21 (and a JRE 25, which cannot build) so start commands are exact.
 */
class JavaDetectorTest {
    private static final Path FIXTURES = moduleDirectory().resolve("src/test/resources/fixtures");

    @TempDir
    Path jvms;
    @TempDir
    Path dir;

    private JavaDetector detector;
    private String java17;
    private String java21;

    @BeforeEach
    void installFakeJdks() throws IOException {
        java17 = FakeJdks.jdk(jvms, "jdk-17", "17.0.12").toRealPath() + "/bin/java";
        java21 = FakeJdks.jdk(jvms, "jdk-21", "21.0.4").toRealPath() + "/bin/java";
        FakeJdks.jre(jvms, "jre-25", "25.0.1");
        detector = new JavaDetector(FakeJdks.only(jvms));
    }

    @Test
    void describesASpringBootAppWithActuatorAndPostgresqlWithOneEvidenceLinePerAnswer() {
        TechStack stack = detect("java-spring-boot");

        assertThat(stack.language()).isEqualTo("java");
        assertThat(stack.framework()).isEqualTo("spring-boot");
        assertThat(stack.runtimeVersion()).isEqualTo("21");
        assertThat(stack.dependencies()).containsExactly("org.springframework.boot:spring-boot-starter-web",
                "org.springframework.boot:spring-boot-starter-actuator", "org.postgresql:postgresql");
        assertThat(stack.databaseType()).contains("postgresql");
        assertThat(stack.databaseNeedsServer()).isTrue();
        assertThat(stack.buildTool()).isEqualTo("maven");
        assertThat(stack.startCommand()).isEqualTo("exec '" + java21 + "' $JAVA_OPTS -Dserver.port=$PORT "
                + "-Dserver.address=127.0.0.1 -jar app.jar");
        assertThat(stack.port()).contains(8081);
        assertThat(stack.healthCheckPath()).contains("/actuator/health");
        assertThat(stack.evidence()).containsExactly(
                "language java from pom.xml",
                "runtime_version 21 from pom.xml properties java.version (via maven.compiler.release)",
                "framework spring-boot from pom.xml parent org.springframework.boot:spring-boot-starter-parent",
                "database_type postgresql from src/main/resources/application.properties spring.datasource.url "
                        + "(jdbc:postgresql://localhost/shop)",
                "build_tool maven from pom.xml (no mvnw wrapper, so the installed mvn builds it)",
                "start_command '" + stack.startCommand() + "' from the spring-boot framework, which is told to "
                        + "listen on $PORT at 127.0.0.1; java is the JDK 21 at " + Path.of(java21).getParent()
                        .getParent() + ", the lowest installed major version at least 21",
                "port 8081 from src/main/resources/application.properties server.port",
                "health_check_path /actuator/health from pom.xml dependency "
                        + "org.springframework.boot:spring-boot-starter-actuator (Spring Boot Actuator's health "
                        + "endpoint)",
                "dependencies 3 from pom.xml, without test-only ones");
    }

    @Test
    void describesAQuarkusAppThatListensOnPortFromItsFastJar() {
        TechStack stack = detect("java-quarkus");

        assertThat(stack.framework()).isEqualTo("quarkus");
        assertThat(stack.runtimeVersion()).isEqualTo("21");
        assertThat(stack.databaseType()).contains("mysql");
        assertThat(stack.startCommand()).isEqualTo("exec '" + java21 + "' $JAVA_OPTS -Dquarkus.http.port=$PORT "
                + "-Dquarkus.http.host=127.0.0.1 -jar quarkus-app/quarkus-run.jar");
        assertThat(stack.port()).contains(8085);
        assertThat(stack.healthCheckPath()).contains("/q/health");
        assertThat(stack.dependencies()).doesNotContain("org.postgresql:postgresql", "io.quarkus:quarkus-junit5");
        assertThat(stack.evidence()).contains(
                "runtime_version 21 from pom.xml properties maven.compiler.release",
                "framework quarkus from pom.xml dependency io.quarkus:quarkus-rest",
                "database_type mysql from src/main/resources/application.properties quarkus.datasource.db-kind mysql",
                "port 8085 from src/main/resources/application.properties quarkus.http.port",
                "health_check_path /q/health from pom.xml dependency io.quarkus:quarkus-smallrye-health "
                        + "(SmallRye Health's endpoint)");
    }

    @Test
    void describesAMicronautAppReadingTheFirstYamlDocumentAndTheCompilerPluginRelease() {
        TechStack stack = detect("java-micronaut");

        assertThat(stack.framework()).isEqualTo("micronaut");
        assertThat(stack.runtimeVersion()).isEqualTo("17");
        assertThat(stack.databaseType()).contains("mongodb");
        assertThat(stack.startCommand()).isEqualTo("exec '" + java17 + "' $JAVA_OPTS "
                + "-Dmicronaut.server.port=$PORT -Dmicronaut.server.host=127.0.0.1 -jar app.jar");
        assertThat(stack.port()).contains(8090);
        assertThat(stack.healthCheckPath()).contains("/health");
        assertThat(stack.evidence()).contains(
                "runtime_version 17 from pom.xml properties jdk.version (via pom.xml maven-compiler-plugin "
                        + "configuration release)",
                "framework micronaut from pom.xml parent io.micronaut.platform:micronaut-parent",
                "database_type mongodb from pom.xml dependency org.mongodb:mongodb-driver-sync",
                "port 8090 from src/main/resources/application.yml micronaut.server.port",
                "health_check_path /health from pom.xml dependency io.micronaut:micronaut-management "
                        + "(Micronaut's health endpoint)");
    }

    @Test
    void describesAJavalinAppFromTheLiteralsInItsSources() {
        TechStack stack = detect("java-javalin");

        assertThat(stack.framework()).isEqualTo("javalin");
        assertThat(stack.runtimeVersion()).isEqualTo("11");
        assertThat(stack.databaseType()).contains("redis");
        assertThat(stack.startCommand()).isEqualTo("exec '" + java17 + "' $JAVA_OPTS -jar app.jar");
        assertThat(stack.port()).contains(7070);
        assertThat(stack.healthCheckPath()).contains("/healthz");
        assertThat(stack.evidence()).contains(
                "runtime_version 11 from pom.xml maven-compiler-plugin configuration release",
                "framework javalin from pom.xml dependency io.javalin:javalin",
                "start_command '" + stack.startCommand() + "' from a Javalin app, which must read the PORT "
                        + "environment variable itself; java is the JDK 17 at " + Path.of(java17).getParent()
                        .getParent() + ", the lowest installed major version at least 11",
                "port 7070 from src/main/java/io/example/Notes.java line 10",
                "health_check_path /healthz from src/main/java/io/example/Notes.java line 9");
    }

    @Test
    void describesADropwizardAppOnJava8WithItsConfigFileAndMariadb() {
        TechStack stack = detect("java-dropwizard");

        assertThat(stack.framework()).isEqualTo("dropwizard");
        assertThat(stack.runtimeVersion()).isEqualTo("8");
        assertThat(stack.databaseType()).contains("mysql");
        assertThat(stack.startCommand()).isEqualTo("exec '" + java17 + "' $JAVA_OPTS "
                + "\"-Ddw.server.applicationConnectors[0].port=$PORT\" "
                + "\"-Ddw.server.applicationConnectors[0].bindHost=127.0.0.1\" "
                + "\"-Ddw.server.adminConnectors[0].port=0\" \"-Ddw.server.adminConnectors[0].bindHost=127.0.0.1\" "
                + "-jar app.jar server config.yml");
        assertThat(stack.port()).contains(8080);
        assertThat(stack.healthCheckPath()).isEmpty();
        assertThat(stack.evidence()).contains(
                "runtime_version 8 from pom.xml properties maven.compiler.target (1.8)",
                "framework dropwizard from pom.xml dependency io.dropwizard:dropwizard-core",
                "database_type mysql from pom.xml dependency org.mariadb.jdbc:mariadb-java-client (MariaDB, which "
                        + "speaks MySQL's protocol)",
                "port 8080 is the dropwizard default");
    }

    @Test
    void describesAPlainAppWithAnEmbeddedDatabaseAndATestOnlyDriverThatIsNoNeed() {
        TechStack stack = detect("java-plain");

        assertThat(stack.framework()).isEqualTo("none");
        assertThat(stack.runtimeVersion()).isEqualTo("17");
        assertThat(stack.dependencies()).containsExactly("org.xerial:sqlite-jdbc");
        assertThat(stack.databaseType()).contains("sqlite");
        assertThat(stack.requiresDatabase()).isTrue();
        assertThat(stack.databaseNeedsServer()).isFalse();
        assertThat(stack.startCommand()).isEqualTo("exec '" + java17 + "' $JAVA_OPTS -jar app.jar");
        assertThat(stack.port()).contains(9000);
        assertThat(stack.healthCheckPath()).contains("/up");
        assertThat(stack.evidence()).contains(
                "framework none: pom.xml declares nothing of Spring Boot, Quarkus, Micronaut, Javalin or "
                        + "Dropwizard (a plain Java app)",
                "database_type sqlite from pom.xml dependency org.xerial:sqlite-jdbc",
                "port 9000 from src/main/java/org/example/Main.java line 8",
                "health_check_path /up from src/main/java/org/example/Main.java line 10");
    }

    @Test
    void describesAGradleGroovyBuildWithAToolchainAndIgnoresCommentsAndTestConfigurations() {
        TechStack stack = detect("java-gradle-groovy");

        assertThat(stack.buildTool()).isEqualTo("gradle");
        assertThat(stack.framework()).isEqualTo("spring-boot");
        assertThat(stack.runtimeVersion()).isEqualTo("21");
        assertThat(stack.databaseType()).contains("h2");
        assertThat(stack.databaseNeedsServer()).isFalse();
        assertThat(stack.dependencies()).containsExactly("org.springframework.boot:spring-boot-starter-web",
                "com.h2database:h2");
        assertThat(stack.port()).contains(8080);
        assertThat(stack.healthCheckPath()).contains("/healthz");
        assertThat(stack.evidence()).contains(
                "language java from build.gradle",
                "runtime_version 21 from build.gradle line 12 java.toolchain.languageVersion",
                "framework spring-boot from build.gradle line 3 plugin org.springframework.boot",
                "database_type h2 from build.gradle line 23 runtimeOnly com.h2database:h2: no datasource URL is "
                        + "configured, so Spring Boot starts this embedded database",
                "build_tool gradle from build.gradle (no gradlew wrapper, so the installed gradle builds it)",
                "port 8080 is the spring-boot default (no server.port in src/main/resources/application.properties "
                        + "or .yml)",
                "health_check_path /healthz from src/main/java/com/example/HealthController.java line 13");
    }

    @Test
    void describesAGradleKotlinBuildWithItsWrapper() {
        TechStack stack = detect("java-gradle-kts");

        assertThat(stack.buildTool()).isEqualTo("gradle");
        assertThat(stack.framework()).isEqualTo("micronaut");
        assertThat(stack.runtimeVersion()).isEqualTo("17");
        assertThat(stack.databaseType()).contains("postgresql");
        assertThat(stack.dependencies()).containsExactly("io.micronaut:micronaut-http-server-netty",
                "org.postgresql:postgresql");
        assertThat(stack.healthCheckPath()).isEmpty();
        assertThat(stack.evidence()).contains(
                "language java from build.gradle.kts",
                "runtime_version 17 from build.gradle.kts line 21 java.toolchain.languageVersion",
                "framework micronaut from build.gradle.kts line 3 plugin io.micronaut.application",
                "build_tool gradle with the Gradle wrapper gradlew (build.gradle.kts), which is preferred to an "
                        + "installed gradle");
        assertThat(detector.requiredTools(stack)).containsExactly(new ToolRequirement(java17, "-version",
                "apt-get install openjdk-17-jdk (the app asks for Java 17 or newer)", Optional.of(
                        new RuntimeVersionRequirement("java", "17",
                                "build.gradle.kts line 21 java.toolchain.languageVersion"))));
    }

    @Test
    void prefersTheMavenWrapperAndThenNeedsNoInstalledMaven() {
        TechStack stack = detect("java-mvnw");

        assertThat(stack.buildTool()).isEqualTo("maven");
        assertThat(stack.evidence()).contains("build_tool maven with the Maven wrapper mvnw (pom.xml), which is "
                + "preferred to an installed mvn");
        assertThat(detector.requiredTools(stack)).extracting(ToolRequirement::command).containsExactly(java17);
    }

    @Test
    void needsTheInstalledMavenWithoutAWrapper() {
        TechStack stack = detect("java-plain");

        assertThat(detector.requiredTools(stack)).containsExactly(
                new ToolRequirement(java17, "-version", "apt-get install openjdk-17-jdk (the app asks for Java 17 "
                        + "or newer)", Optional.of(new RuntimeVersionRequirement("java", "17",
                        javaSource(stack)))),
                new ToolRequirement("mvn", "--version", "apt-get install maven, or commit the Maven wrapper "
                        + "(mvn wrapper:wrapper)"));
    }

    private static String javaSource(TechStack stack) {
        String prefix = "runtime_version 17 from ";
        return stack.evidence().stream().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length());
    }

    @Test
    void takesTheRuntimeFromSystemPropertiesBeforeTheCompilerRelease() {
        TechStack stack = detect("java-system-properties");

        assertThat(stack.runtimeVersion()).isEqualTo("21");
        assertThat(stack.evidence()).contains("runtime_version 21 from system.properties java.runtime.version");
        assertThat(stack.port()).isEmpty();
        assertThat(stack.evidence()).contains("port none: the app declares no port; it must listen on the PORT "
                + "environment variable");
    }

    @Test
    void isFirstInTheAnalyzersList() {
        write(dir, "pom.xml", pom("", ""));
        write(dir, "package.json", "{\"scripts\": {\"start\": \"node server.js\"}}");
        write(dir, "requirements.txt", "flask\n");

        assertThat(new RepositoryAnalyzer().analyze(dir).language()).isEqualTo("java");
    }

    @Nested
    class RuntimeVersion {

        @Test
        void resolvesNestedPropertiesAndCoordinates() {
            write(dir, "pom.xml", pom("<jdk.level>21</jdk.level><java.level>${jdk.level}</java.level>"
                    + "<maven.compiler.release>${java.level}</maven.compiler.release><db>org.postgresql</db>",
                    dependency("${db}", "postgresql", "")));

            TechStack stack = detector.detect(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("21");
            assertThat(stack.evidence()).contains("runtime_version 21 from pom.xml properties jdk.level (via "
                    + "java.level) (via maven.compiler.release)");
            assertThat(stack.databaseType()).contains("postgresql");
        }

        @Test
        void takesSpringBootsDefaultFromItsParent() {
            write(dir, "pom.xml", pom("", "").replace("<groupId>t</groupId>", "<parent><groupId>"
                    + "org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>"
                    + "<version>3.3.0</version></parent><groupId>t</groupId>"));

            TechStack stack = detector.detect(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("17");
            assertThat(stack.evidence()).contains("runtime_version 17 from the spring-boot-starter-parent 3.3.0 "
                    + "default java.version (via maven.compiler.release)");
        }

        @Test
        void takesJava8FromASpringBoot2Parent() {
            write(dir, "pom.xml", pom("", "").replace("<groupId>t</groupId>", "<parent><groupId>"
                    + "org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>"
                    + "<version>2.7.18</version></parent><groupId>t</groupId>"));

            assertThat(detector.detect(dir).runtimeVersion()).isEqualTo("8");
        }

        @Test
        void prefersTheCompilerPluginsReleaseToTheProperty() {
            write(dir, "pom.xml", pom("<maven.compiler.release>11</maven.compiler.release>", "")
                    .replace("</project>", "<build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId>"
                            + "<configuration><release>21</release></configuration></plugin></plugins></build>"
                            + "</project>"));

            assertThat(detector.detect(dir).runtimeVersion()).isEqualTo("21");
        }

        @Test
        void defaultsTo17SayingItIsTheDefault() {
            write(dir, "pom.xml", pom("", ""));

            TechStack stack = detector.detect(dir);

            assertThat(stack.runtimeVersion()).isEqualTo("17");
            assertThat(stack.evidence().get(1)).startsWith("runtime_version 17 is the default: no system.properties");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "sourceCompatibility = JavaVersion.VERSION_1_8 | 8 | sourceCompatibility",
                "sourceCompatibility = '11'                     | 11 | sourceCompatibility",
                "targetCompatibility = JavaVersion.VERSION_17   | 17 | targetCompatibility",
                "kotlin { jvmToolchain(21) }                    | 21 | jvmToolchain",
                "java { toolchain { languageVersion = JavaLanguageVersion.of(\"21\") } } | 21 | "
                        + "java.toolchain.languageVersion"})
        void readsGradleSettings(String line, String version, String setting) {
            write(dir, "build.gradle", "plugins { id 'java' }\n" + line + "\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.runtimeVersion()).isEqualTo(version);
            assertThat(stack.evidence().get(1)).startsWith("runtime_version " + version + " from build.gradle line 2 "
                    + setting);
        }

        @Test
        void usesTheJavaOnThePathWhenNoJdkIsRecentEnoughSayingTheBuildWillStop() {
            write(dir, "pom.xml", pom("<maven.compiler.release>25</maven.compiler.release>", ""));

            TechStack stack = detector.detect(dir);

            assertThat(stack.startCommand()).isEqualTo("exec 'java' $JAVA_OPTS -jar app.jar");
            assertThat(stack.evidence().get(5)).endsWith("java is the one on the PATH: no JDK 25 or newer is "
                    + "installed, and the build stops until one is (apt-get install openjdk-25-jdk)");
        }
    }

    @Nested
    class Recognition {

        @ParameterizedTest
        @ValueSource(strings = {"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
                "settings.gradle.kts"})
        void byABuildFile(String file) {
            write(dir, file, file.equals("pom.xml") ? pom("", "") : "");

            assertThat(detector.recognizes(dir)).isTrue();
            assertThat(detector.detect(dir).language()).isEqualTo("java");
        }

        @Test
        void notWithoutOne() {
            write(dir, "src/main/java/App.java", "class App {}");

            assertThat(detector.recognizes(dir)).isFalse();
        }

        @Test
        void readsTheIncludedProjectsOfAGradleBuildWithoutARootScript() {
            write(dir, "settings.gradle.kts", "rootProject.name = \"shop\"\ninclude(\":app\", \":lib\")\n");
            write(dir, "app/build.gradle.kts", "plugins { id(\"io.quarkus\") }\ndependencies {\n"
                    + "  implementation(\"io.quarkus:quarkus-smallrye-health\")\n}\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.framework()).isEqualTo("quarkus");
            assertThat(stack.healthCheckPath()).contains("/q/health");
            assertThat(stack.evidence()).contains("language java from settings.gradle.kts",
                    "framework quarkus from app/build.gradle.kts line 1 plugin io.quarkus");
        }

        @Test
        void readsTheModulesOfAMavenReactor() {
            write(dir, "pom.xml", pom("", "").replace("</project>", "<modules><module>web</module>"
                    + "<module>../outside</module></modules></project>"));
            write(dir, "web/pom.xml", pom("", dependency("org.springframework.boot", "spring-boot-starter-web", "")));
            write(dir, "web/src/main/resources/application.yml", "server:\n  port: 9090\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.framework()).isEqualTo("spring-boot");
            assertThat(stack.port()).contains(9090);
            assertThat(stack.evidence()).contains("framework spring-boot from web/pom.xml dependency "
                    + "org.springframework.boot:spring-boot-starter-web",
                    "port 9090 from web/src/main/resources/application.yml server.port",
                    "dependencies 1 from pom.xml and its modules web, without test-only ones");
        }
    }

    @Nested
    class BadInput {

        @Test
        void refusesAMalformedPomSayingWhereAndHowToFixIt() {
            write(dir, "pom.xml", "<project>\n  <dependencies>\n</project>\n");

            assertThatThrownBy(() -> detector.detect(dir)).isInstanceOfSatisfying(InvalidInputException.class,
                    error -> {
                        assertThat(error.getMessage()).startsWith("pom.xml is not a readable Maven project: line 3:");
                        assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                        assertThat(error.remediation()).isEqualTo("Fix pom.xml so that 'mvn validate' accepts it "
                                + "(a DOCTYPE is not allowed in a pom)");
                    });
        }

        @Test
        void neverReadsAnExternalEntity() {
            Path secret = write(dir, "secret.txt", "org.secret");
            write(dir, "pom.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY x SYSTEM \""
                    + secret.toUri() + "\">]>\n<project><groupId>&x;</groupId></project>\n");

            assertThatThrownBy(() -> detector.detect(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("DOCTYPE").hasMessageNotContaining("org.secret");
        }

        @Test
        void refusesARootElementThatIsNotAProject() {
            write(dir, "pom.xml", "<settings/>");

            assertThatThrownBy(() -> detector.detect(dir)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("pom.xml is not a readable Maven project: its root element is <settings>, not "
                            + "<project>");
        }
    }

    private TechStack detect(String fixture) {
        Path directory = FIXTURES.resolve(fixture);
        assertThat(detector.recognizes(directory)).isTrue();
        return detector.detect(directory);
    }

    static String pom(String properties, String dependencies) {
        return "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "<modelVersion>4.0.0</modelVersion><groupId>t</groupId><artifactId>t</artifactId>"
                + "<version>1</version>\n<properties>" + properties + "</properties>\n<dependencies>" + dependencies
                + "</dependencies>\n</project>\n";
    }

    static String dependency(String group, String artifact, String scope) {
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId>"
                + (scope.isEmpty() ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    static Path moduleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("analyzer") ? here : here.resolve("analyzer");
    }


    @Nested
    class EmbeddedByDefault {
        private static final String POM = "<project><modelVersion>4.0.0</modelVersion>"
                + "<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId>"
                + "<version>3.5.7</version></parent><artifactId>notes</artifactId><dependencies>"
                + "<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-jdbc"
                + "</artifactId></dependency>"
                + "<dependency><groupId>com.h2database</groupId><artifactId>h2</artifactId></dependency>"
                + "<dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>"
                + "</dependencies></project>";

        @Test
        void anAppOnH2ByDefaultWithAPostgresProfileOffersPostgresqlAndIsNotSaidToRequireIt() throws IOException {
            write(dir, "pom.xml", POM);
            write(dir, "src/main/resources/application.properties", "spring.datasource.url=jdbc:h2:mem:notes\n");
            write(dir, "src/main/resources/application-postgres.properties",
                    "spring.datasource.url=${JDBC_DATABASE_URL:jdbc:postgresql://localhost/notes}\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.databaseType()).contains("postgresql");
            assertThat(stack.databaseNeedsServer()).isTrue();
            assertThat(stack.databaseOffered()).isTrue();
            assertThat(stack.evidence()).contains("database_type postgresql offered by the postgres profile "
                    + "(src/main/resources/application-postgres.properties spring.datasource.url "
                    + "(${JDBC_DATABASE_URL:jdbc:postgresql://localhost/notes})); by default the app runs on embedded "
                    + "h2 from src/main/resources/application.properties spring.datasource.url (jdbc:h2:mem:notes), "
                    + "whose data does not outlive a release: HiveMind runs PostgreSQL for it and activates that "
                    + "profile");
        }

        @Test
        void aYamlPostgresProfileWithoutAUrlOffersPostgresqlThroughTheDriver() throws IOException {
            write(dir, "pom.xml", POM);
            write(dir, "src/main/resources/application-postgres.yml", "spring:\n  sql:\n    init:\n      mode: always\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.databaseOffered()).isTrue();
            assertThat(stack.evidence()).anyMatch(line -> line.startsWith("database_type postgresql offered by the "
                    + "postgres profile (src/main/resources/application-postgres.yml, with org.postgresql:postgresql "
                    + "among the dependencies); by default the app runs on embedded h2 from pom.xml"));
        }

        @Test
        void withoutAPostgresProfileTheAppStaysOnItsEmbeddedDatabase() throws IOException {
            write(dir, "pom.xml", POM);
            write(dir, "src/main/resources/application.properties", "spring.datasource.url=jdbc:h2:mem:notes\n");

            TechStack stack = detector.detect(dir);

            assertThat(stack.databaseType()).contains("h2");
            assertThat(stack.databaseNeedsServer()).isFalse();
            assertThat(stack.databaseOffered()).isFalse();
        }

        @Test
        void aPostgresProfileOnAnotherServerOffersNothing() throws IOException {
            write(dir, "pom.xml", POM);
            write(dir, "src/main/resources/application.properties", "spring.datasource.url=jdbc:h2:mem:notes\n");
            write(dir, "src/main/resources/application-postgres.properties",
                    "spring.datasource.url=jdbc:mysql://db/notes\n");

            assertThat(detector.detect(dir).databaseType()).contains("h2");
        }

        @Test
        void anHsqldbOrDerbyDefaultIsEmbeddedTooAndItsPostgresProfileOffersPostgresql() throws IOException {
            write(dir, "pom.xml", POM.replace("<groupId>com.h2database</groupId><artifactId>h2</artifactId>",
                    "<groupId>org.hsqldb</groupId><artifactId>hsqldb</artifactId>"));
            write(dir, "src/main/resources/application.properties", "spring.datasource.url=jdbc:derby:memory:notes\n");

            TechStack onDerby = detector.detect(dir);
            write(dir, "src/main/resources/application.properties", "spring.jpa.open-in-view=false\n");
            TechStack onHsqldb = detector.detect(dir);
            write(dir, "src/main/resources/application-postgres.properties", "spring.sql.init.mode=always\n");
            TechStack offered = detector.detect(dir);

            assertThat(onDerby.databaseType()).contains("derby");
            assertThat(onDerby.databaseNeedsServer()).isFalse();
            assertThat(onHsqldb.databaseType()).as("Spring Boot starts HSQLDB itself").contains("hsqldb");
            assertThat(onHsqldb.databaseNeedsServer()).isFalse();
            assertThat(offered.databaseOffered()).isTrue();
            assertThat(offered.evidence()).anyMatch(line -> line.contains("by default the app runs on embedded hsqldb"));
        }
    }
}
