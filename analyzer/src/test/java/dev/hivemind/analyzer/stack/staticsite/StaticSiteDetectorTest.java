package dev.hivemind.analyzer.stack.staticsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Static sites, from the fixtures under src/test/resources/fixtures, and the apps that carry HTML but are not. */
public class StaticSiteDetectorTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    public static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures", name).toAbsolutePath();
    }

    @Test
    void describesASiteWhoseIndexIsAtTheRoot() {
        // given a hand-written site: index.html and a stylesheet
        Path site = fixture("static-root");

        // when
        TechStack stack = analyzer.analyze(site);

        // then
        assertThat(stack.language()).isEqualTo("static");
        assertThat(stack.framework()).isEqualTo("none");
        assertThat(stack.runtimeVersion()).isEqualTo("none");
        assertThat(stack.buildTool()).isEqualTo("copy");
        assertThat(stack.dependencies()).isEmpty();
        assertThat(stack.requiresDatabase()).isFalse();
        assertThat(stack.databaseType()).isEmpty();
        assertThat(stack.port()).isEmpty();
        assertThat(stack.healthCheckPath()).contains("/");
        assertThat(stack.startCommand())
                .isEqualTo("exec \"${HIVEMIND_STATIC_SERVER:?not set (the HiveMind host agent sets it)}\" .");
        assertThat(stack.evidence()).containsExactly(
                "language static from index.html: no app files (package.json, requirements.txt, go.mod, pom.xml, "
                        + "...) beside it",
                "runtime_version none: a static site needs no runtime; the HiveMind agent serves it",
                "framework none: the files of the repository root are served as they are",
                "database_type none: a static site has no database driver",
                "build_tool copy: the repository root is copied into the artifact as it is",
                "start_command 'exec \"${HIVEMIND_STATIC_SERVER:?not set (the HiveMind host agent sets it)}\" .' "
                        + "serves the repository root with the agent's static file server",
                "health_check_path / from index.html (the page served at /)",
                "dependencies 0: a static site has none");
        assertThat(analyzer.requiredTools(stack)).isEmpty();
    }

    @ParameterizedTest(name = "{0} serves {1}")
    @CsvSource({
        "static-public, public",
        "static-dist, dist",
        "static-build, build",
        "static-_site, _site",
        "static-out, out",
        "static-precedence, _site",
        "static-with-dockerfile, ."})
    void servesTheDirectoryHoldingTheIndexAndNamesIt(String fixture, String directory) {
        TechStack stack = analyzer.analyze(fixture(fixture));

        assertThat(stack.language()).isEqualTo("static");
        assertThat(stack.startCommand()).endsWith("}\" " + directory);
        String index = directory.equals(".") ? "index.html" : directory + "/index.html";
        String shown = directory.equals(".") ? "the repository root" : directory + "/";
        assertThat(stack.evidence()).contains("health_check_path / from " + index + " (the page served at /)")
                .anySatisfy(line -> assertThat(line).startsWith("language static from " + index + ":"))
                .anySatisfy(line -> assertThat(line).startsWith("start_command ")
                        .endsWith("serves " + shown + " with the agent's static file server"));
    }

    @Test
    void prefersGeneratedOutputToARootIndexThatIsItsTemplate() {
        // a Jekyll-style root index.html (front matter) beside the generated _site/
        assertThat(StaticSiteDetector.siteDirectory(fixture("static-precedence"))).contains("_site");
    }

    @ParameterizedTest(name = "{0} stays {1}")
    @CsvSource({
        "node-with-public, nodejs, npm start",
        "node-vite-dist, nodejs, npm start",
        "node-with-dockerfile, nodejs, npm start",
        "python-with-dockerfile, python, "})
    void anAppThatAlsoCarriesHtmlOrADockerfileStaysThatApp(String fixture, String language, String start) {
        TechStack stack = analyzer.analyze(fixture(fixture));

        assertThat(stack.language()).isEqualTo(language);
        if (start != null) {
            assertThat(stack.startCommand()).isEqualTo(start);
        }
    }

    @Test
    void anOutputDirectoryWithoutAnIndexIsNoSite() {
        Path directory = fixture("static-out-without-index");

        assertThat(StaticSiteDetector.siteDirectory(directory)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> analyzer.analyze(directory))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.getMessage())
                        .contains("index.html at the root or in _site/, out/, dist/, build/, public/ or docs/ "
                                + "(static site) and found none")
                        .doesNotContain("Gemfile").doesNotContain("Dockerfile"));
    }
}
