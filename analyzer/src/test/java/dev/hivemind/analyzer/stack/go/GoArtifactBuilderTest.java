package dev.hivemind.analyzer.stack.go;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.Progress;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.PreflightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks before it runs anything, its plan and environment; real builds are in GoArtifactBuilderIT. */
class GoArtifactBuilderTest {
    private final GoArtifactBuilder builder = new GoArtifactBuilder(Path.of("/nonexistent/hivemind/cache/go"));

    @TempDir
    Path root;

    @Test
    void refusesBeforeAnySideEffectWhenGoIsNotOnThePath() throws IOException {
        Path source = app("source");
        Path emptyBin = Files.createDirectories(root.resolve("bin"));
        Path artifact = root.resolve("builds/artifact");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack(), artifact,
                Map.of("PATH", emptyBin.toString())), Progress.none()))
                .isInstanceOfSatisfying(PreflightException.class, error -> {
                    assertThat(error.getMessage()).isEqualTo("go is not installed: no go on the PATH (" + emptyBin
                            + ")");
                    assertThat(error.remediation()).isEqualTo("Install it: apt-get install golang-go (the app asks "
                            + "for Go 1.19)");
                    assertThat(error.context()).isEqualTo("Building the Go application in " + source);
                });
        assertThat(root.resolve("builds")).doesNotExist();
    }

    @Test
    void refusesASourceWithoutGoMod() {
        Path source = root.resolve("empty");
        write(source, "main.go", "package main\n\nfunc main() {}\n");

        assertThatThrownBy(() -> builder.build(new BuildRequest(source, stack(), root.resolve("artifact"), Map.of()),
                Progress.none())).isInstanceOf(InvalidInputException.class)
                .hasMessage("there is no go.mod in " + source + " to build");
    }

    @Test
    void refusesAnotherLanguage() {
        TechStack python = new TechStack("python", "none", "3.11", List.of(), false, Optional.empty(), "pip",
                "python app.py", Optional.empty(), List.of());

        assertThatThrownBy(() -> builder.build(new BuildRequest(app("source"), python, root.resolve("artifact"),
                Map.of()), Progress.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GoArtifactBuilder builds go apps, not python");
    }

    @Test
    void isTheStandardBuilderForGoWithItsCachesUnderHivemindHomeCacheGo() {
        Path caches = root.resolve("home/cache");

        assertThat(ArtifactBuilders.standard(caches).forLanguage("go")).get().isInstanceOf(GoArtifactBuilder.class)
                .extracting(builder -> ((GoArtifactBuilder) builder).cache()).isEqualTo(caches.resolve("go"));
    }

    @Test
    void buildsWithoutCgoOrToolchainDownloadsAndWithItsOwnCaches() {
        Path cache = root.resolve("home/cache").resolve(GoArtifactBuilder.CACHE);

        Map<String, String> environment = GoArtifactBuilder.environment(Map.of("GOFLAGS", "-tags=prod",
                "GOMODCACHE", "/home/someone/go/pkg/mod", "GOPROXY", "https://goproxy.example"), cache);

        assertThat(environment).containsEntry("CGO_ENABLED", "0").containsEntry("GOTOOLCHAIN", "local")
                .containsEntry("GOCACHE", cache.resolve("build").toString())
                .containsEntry("GOPATH", cache.resolve("gopath").toString())
                .containsEntry("GOFLAGS", "-tags=prod -modcacherw")
                .containsEntry("GOPROXY", "https://goproxy.example")
                .doesNotContainKey("GOMODCACHE");
    }

    @Test
    void letsTheRequestAskForCgo() {
        Map<String, String> environment = GoArtifactBuilder.environment(Map.of("CGO_ENABLED", "1",
                "GOFLAGS", "-modcacherw"), root);

        assertThat(environment).containsEntry("CGO_ENABLED", "1").containsEntry("GOFLAGS", "-modcacherw");
    }

    @Test
    void downloadsModulesFirstOnlyWhenThereAreRequirementsAndNoVendorDirectory() {
        Path source = app("source");
        write(source, "go.mod", "module example.com/app\n\ngo 1.19\n\nrequire github.com/lib/pq v1.10.9 // indirect\n");

        assertThat(GoBuildPlan.plan(GoProject.read(source), "src", Optional.empty())).extracting(BuildStep::display)
                .containsExactly("go mod download", "go build -trimpath -o app .",
                        "mkdir -p bin && ln -sfn ../app 'bin/app'");

        write(source, "vendor/modules.txt", "# github.com/lib/pq v1.10.9\n");

        assertThat(GoBuildPlan.plan(GoProject.read(source), "src", Optional.empty())).extracting(BuildStep::display)
                .containsExactly("go build -trimpath -mod=vendor -o app .",
                        "mkdir -p bin && ln -sfn ../app 'bin/app'");
    }

    @Test
    void runsTheBuildCommandOverrideWithAShellInsteadOfGoBuild() {
        List<BuildStep> steps = GoBuildPlan.plan(GoProject.read(app("source")), "src", Optional.of("make app"));

        assertThat(steps).extracting(BuildStep::command).containsExactly(List.of("/bin/sh", "-c", "make app"));
        assertThat(steps.getFirst().context()).isEqualTo("Running the build command from hivemind.yaml for the Go "
                + "application in src");
    }

    @Test
    void comparesGoVersionsNumberByNumber() {
        assertThat(GoToolchain.compare("1.19.8", "1.19")).isPositive();
        assertThat(GoToolchain.compare("1.19", "1.19.0")).isZero();
        assertThat(GoToolchain.compare("1.9", "1.19")).isNegative();
        assertThat(GoToolchain.compare("1.21.0", "1.21rc1")).isZero();
        assertThat(GoToolchain.compare("1.22.1", "1.22.10")).isNegative();
    }

    private Path app(String name) {
        Path source = root.resolve(name);
        write(source, "go.mod", "module example.com/app\n\ngo 1.19\n");
        write(source, "main.go", "package main\n\nfunc main() {}\n");
        return source;
    }

    private static TechStack stack() {
        return new TechStack("go", "none", "1.19", List.of(), false, Optional.empty(), "go", "./app",
                Optional.empty(), List.of());
    }
}
