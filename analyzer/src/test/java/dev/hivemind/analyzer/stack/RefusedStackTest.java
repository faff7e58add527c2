package dev.hivemind.analyzer.stack;

import static dev.hivemind.analyzer.stack.staticsite.StaticSiteDetectorTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.Fixtures;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ruby, PHP, Rust and Dockerfile-only repositories: recognized, and refused with what was found and what to do. */
class RefusedStackTest {
    private static final String SUPPORTED = "it deploys Node.js, Python, Go and Java apps and static sites";
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ruby-rails  | a Ruby app                | Gemfile, config.ru; framework rails from Gemfile line 4"
                + "                     | HiveMind does not deploy Ruby apps",
        "ruby-gem    | a Ruby app                | greeter.gemspec"
                + "                     | HiveMind does not deploy Ruby apps",
        "php-laravel | a PHP app                 | composer.json; framework laravel from composer.json line 6"
                + "                     | HiveMind does not deploy PHP apps",
        "php-symfony | a PHP app                 | composer.json; framework symfony from composer.json line 6"
                + "                     | HiveMind does not deploy PHP apps",
        "php-plain   | a PHP app                 | index.php"
                + "                     | HiveMind does not deploy PHP apps",
        "rust-axum   | a Rust app                | Cargo.toml; framework axum from Cargo.toml line 8"
                + "                     | HiveMind does not deploy Rust apps",
        "rust-actix  | a Rust app                | Cargo.toml; framework actix-web from Cargo.toml line 5"
                + "                     | HiveMind does not deploy Rust apps",
        "rust-cli    | a Rust app                | Cargo.toml"
                + "                     | HiveMind does not deploy Rust apps",
        "docker-only | a Dockerfile and no Node.js, Python, Go or Java app or static site beside it"
                + " | Dockerfile; base image ruby:3.3-slim from Dockerfile line 2"
                + " | HiveMind does not build or run container images",
        "containerfile-only | a Dockerfile and no Node.js, Python, Go or Java app or static site beside it"
                + " | Containerfile; base image docker.io/library/nginx:1.27 from Containerfile line 1"
                + " | HiveMind does not build or run container images"})
    void refusesSayingWhatWasFoundAndWhatIsSupported(String fixture, String found, String files, String refusal) {
        // given a repository HiveMind recognizes but does not deploy
        Path repository = fixture(fixture);

        // when / then
        assertThatThrownBy(() -> analyzer.analyze(repository))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("found " + found + " in " + repository + " (" + files
                            + "): " + refusal + "; " + SUPPORTED);
                    assertThat(error.agent()).isEqualTo(Agent.COMPILER);
                    assertThat(error.context()).isEqualTo("Detecting the tech stack in " + repository);
                    assertThat(error.errorType()).isEqualTo("InvalidInputError");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ruby-rails  | Deploy it with a tool made for Ruby (Kamal, Capistrano or a Ruby buildpack); HiveMind builds "
                + "with the stack's own toolchain and has none for Ruby",
        "php-laravel | Deploy it with a PHP host (PHP-FPM behind nginx or Apache) or a PHP buildpack; HiveMind "
                + "builds with the stack's own toolchain and has none for PHP",
        "rust-axum   | Build it with cargo build --release and run the binary under systemd, or deploy it with a "
                + "container tool; HiveMind builds with the stack's own toolchain and has none for Rust",
        "docker-only | Deploy a Dockerfile-based app with a container tool (docker run, Podman, Kamal or "
                + "Kubernetes); HiveMind builds with the stack's own toolchain, not from a Dockerfile. If the "
                + "image runs a Node.js, Python, Go or Java app, point SOURCE at the directory holding its "
                + "package.json, requirements.txt, go.mod or pom.xml"})
    void saysWhatToDoInstead(String fixture, String remediation) {
        assertThatThrownBy(() -> analyzer.analyze(fixture(fixture)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        error -> assertThat(error.remediation()).isEqualTo(remediation));
    }

    @Test
    void aJekyllSiteIsToldToDeployItsGeneratedSite() {
        assertThatThrownBy(() -> analyzer.analyze(fixture("ruby-jekyll")))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).contains("(Gemfile; framework jekyll from Gemfile line 2)");
                    assertThat(error.remediation()).endsWith("has none for Ruby. This is a Jekyll site: build it "
                            + "(bundle exec jekyll build) and deploy the generated _site directory (hivemind "
                            + "deploy path/to/_site), which HiveMind serves as a static site");
                });
    }

    @Test
    void rubyPhpAndRustAreAskedBeforeNodeAndTheStaticSite() {
        // Rails and Laravel apps carry a package.json (asset bundling) and a public/ directory
        assertThat(refusal("ruby-rails")).startsWith("found a Ruby app");
        assertThat(refusal("php-laravel")).startsWith("found a PHP app");
        // an index.php beside an index.html is a PHP app, not a static site
        assertThat(refusal("php-plain")).startsWith("found a PHP app");
    }

    @Test
    void aDockerfileIsRefusedOnlyWhenNothingElseIsThere() {
        assertThat(analyzer.analyze(fixture("static-with-dockerfile")).language()).isEqualTo("static");
        assertThat(analyzer.analyze(fixture("node-with-dockerfile")).language()).isEqualTo("nodejs");
        assertThat(refusal("docker-only")).startsWith("found a Dockerfile and no");
    }

    @Test
    void aFrameworkNamedOnlyInACommentOrAnotherGemIsNotReported() {
        Fixtures.write(dir, "Gemfile", "# gem 'rails' later\ngem \"rails-html-sanitizer\"\ngem 'sinatra'\n");

        assertThat(refusal(dir)).contains("(Gemfile; framework sinatra from Gemfile line 3)");
    }

    @Test
    void theNothingFoundMessageListsOnlyWhatHiveMindDeploys() {
        Fixtures.write(dir, "README.md", "# nothing to deploy\n");

        assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOfSatisfying(InvalidInputException.class,
                error -> assertThat(error.getMessage()).startsWith("no app HiveMind can deploy in ")
                        .doesNotContain("Gemfile").doesNotContain("Cargo.toml").doesNotContain("Dockerfile")
                        .contains("(static site) and found none"));
    }

    private String refusal(String fixture) {
        return refusal(fixture(fixture));
    }

    private String refusal(Path directory) {
        try {
            analyzer.analyze(directory);
        } catch (InvalidInputException expected) {
            return expected.getMessage();
        }
        throw new AssertionError(directory + " was not refused");
    }
}
