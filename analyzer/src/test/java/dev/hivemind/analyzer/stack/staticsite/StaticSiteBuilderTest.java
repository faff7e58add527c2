package dev.hivemind.analyzer.stack.staticsite;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying a static site into its artifact, and running a build command from hivemind.yaml (real /bin/sh). */
class StaticSiteBuilderTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final StaticSiteBuilder builder = new StaticSiteBuilder();

    @TempDir
    Path root;

    @Test
    void copiesOnlyTheSiteDirectoryToTheSamePlaceInTheArtifact() throws Exception {
        // given a repository whose site is in public/, beside files that are not the site
        Path source = root.resolve("source");
        write(source, "public/index.html", "<h1>hi</h1>\n");
        write(source, "public/css/site.css", "h1 { color: red }\n");
        write(source, "notes/draft.md", "not published\n");
        write(source, ".git/config", "[core]\n");
        Path artifact = root.resolve("artifact");
        List<String> lines = new ArrayList<>();

        // when
        BuildArtifact built = builder.build(request(source, analyzer.analyze(source), artifact), lines::add);

        // then the site is where the start command serves it from, and nothing else came along
        assertThat(built.buildCommand()).isEqualTo("copy public/");
        assertThat(built.type()).isEqualTo("directory");
        assertThat(built.checksum()).startsWith("sha256:");
        assertThat(built.sizeBytes()).isEqualTo(12 + 18);
        assertThat(artifact.resolve("public/index.html")).hasContent("<h1>hi</h1>");
        assertThat(artifact.resolve("public/css/site.css")).exists();
        assertThat(artifact.resolve("notes")).doesNotExist();
        assertThat(artifact.resolve(".git")).doesNotExist();
        assertThat(lines).containsExactly("Copying " + source.resolve("public") + " to " + artifact.resolve("public")
                + " (without .git, .hg, .svn, .venv, __pycache__ and node_modules)");
    }

    @Test
    void copiesTheWholeRepositoryWithoutVersionControlWhenTheIndexIsAtTheRoot() {
        Path source = root.resolve("source");
        write(source, "index.html", "<h1>root</h1>\n");
        write(source, "about/index.html", "<h1>about</h1>\n");
        write(source, ".git/HEAD", "ref: refs/heads/main\n");
        write(source, "node_modules/x/index.js", "\n");
        Path artifact = root.resolve("artifact");

        BuildArtifact built = builder.build(request(source, analyzer.analyze(source), artifact), Progress.none());

        assertThat(built.buildCommand()).isEqualTo("copy the repository root");
        assertThat(artifact.resolve("index.html")).exists();
        assertThat(artifact.resolve("about/index.html")).exists();
        assertThat(artifact.resolve(".git")).doesNotExist();
        assertThat(artifact.resolve("node_modules")).doesNotExist();
    }

    @Test
    void runsTheBuildCommandInACopyOfTheRepository() {
        Path source = root.resolve("source");
        write(source, "dist/index.html", "old\n");
        write(source, "src/page.html", "<h1>generated</h1>\n");
        TechStack stack = analyzer.analyze(source).withBuildCommand("cp src/page.html dist/index.html && echo built",
                "build_command from hivemind.yaml");
        Path artifact = root.resolve("artifact");
        List<String> lines = new ArrayList<>();

        BuildArtifact built = builder.build(request(source, stack, artifact), lines::add);

        assertThat(built.buildCommand()).isEqualTo("cp src/page.html dist/index.html && echo built");
        assertThat(artifact.resolve("dist/index.html")).hasContent("<h1>generated</h1>");
        assertThat(source.resolve("dist/index.html")).hasContent("old");
        assertThat(lines).contains("built");
    }

    @Test
    void aFailingBuildCommandFailsTheBuildWithItsOutputAndLeavesNoArtifact() {
        Path source = root.resolve("source");
        write(source, "public/index.html", "hi\n");
        TechStack stack = analyzer.analyze(source).withBuildCommand("echo no generator here; exit 3", "test");
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(request(source, stack, artifact), Progress.none()))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("echo no generator here; exit 3 failed with "
                            + "exit code 3");
                    assertThat(error.remediation()).contains("no generator here");
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void aBuildCommandThatRemovesTheSiteFailsTheBuild() {
        Path source = root.resolve("source");
        write(source, "build/index.html", "hi\n");
        TechStack stack = analyzer.analyze(source).withBuildCommand("rm -r build", "test");
        Path artifact = root.resolve("artifact");

        assertThatThrownBy(() -> builder.build(request(source, stack, artifact), Progress.none()))
                .isInstanceOfSatisfying(BuildException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("the build command 'rm -r build' left no index.html "
                            + "in build/");
                    assertThat(error.remediation()).startsWith("Make the build write the site to build/");
                });
        assertThat(artifact).doesNotExist();
    }

    @Test
    void refusesASourceWhoseSiteIsGone() throws Exception {
        Path source = root.resolve("source");
        write(source, "public/index.html", "hi\n");
        TechStack stack = analyzer.analyze(source);
        Files.delete(source.resolve("public/index.html"));

        assertThatThrownBy(() -> builder.build(request(source, stack, root.resolve("artifact")), Progress.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("there is no index.html in " + source + " or in its _site/, out/, dist/, build/, "
                        + "public/ or docs/");
    }

    @Test
    void isTheStandardBuilderOfStaticSites() {
        assertThat(ArtifactBuilders.standard(Path.of("/unused-cache")).forLanguage("static")).containsInstanceOf(StaticSiteBuilder.class);
    }

    private static BuildRequest request(Path source, TechStack stack, Path artifact) {
        return new BuildRequest(source, stack, artifact, Map.of());
    }
}
