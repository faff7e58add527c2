package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.packageJson;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer.AppCandidate;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonorepoTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path repo;

    @Test
    void aPnpmWorkspaceRootWithoutAStartCommandListsItsApps() {
        packageJson(repo, "\"private\": true, \"devDependencies\": { \"turbo\": \"2\" }");
        write(repo, "pnpm-workspace.yaml", "packages:\n  - apps/*\n  - packages/*\n");
        app(repo.resolve("apps/web"), "\"scripts\": { \"start\": \"node server.js\" }, "
                + "\"dependencies\": { \"express\": \"4\" }");
        app(repo.resolve("apps/worker"), "\"scripts\": { \"start\": \"node worker.js\" }");
        packageJson(repo.resolve("packages/ui"), "\"name\": \"ui\"");
        write(repo, "apps/api/requirements.txt", "flask\n");
        write(repo, "apps/api/app.py", "from flask import Flask\napp = Flask(__name__)\n");
        app(repo.resolve("node_modules/some-dep"), "\"scripts\": { \"start\": \"node x.js\" }");

        assertThat(analyzer.monorepoCandidates(repo)).containsExactly(
                new AppCandidate("apps/api", "python", "flask", Optional.empty()),
                new AppCandidate("apps/web", "nodejs", "express", Optional.empty()),
                new AppCandidate("apps/worker", "nodejs", "none", Optional.empty()),
                new AppCandidate("packages/ui", "nodejs", "unknown", analyzer.monorepoCandidates(repo).get(3)
                        .problem()));
        assertThat(analyzer.monorepoCandidates(repo).get(3).problem()).isPresent();
        assertThatThrownBy(() -> analyzer.analyze(repo)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an app itself but holds 4 apps")
                .hasMessageContaining("apps/web (nodejs, express)")
                .satisfies(error -> assertThat(((InvalidInputException) error).remediation())
                        .isEqualTo("Choose one with --app-dir, e.g. --app-dir apps/api"));
    }

    @Test
    void aRootNoDetectorRecognizesListsTheAppsInItsSubDirectories() {
        app(repo.resolve("frontend"), "\"scripts\": { \"start\": \"node server.js\" }");
        write(repo, "backend/requirements.txt", "");
        write(repo, "backend/app.py", "print('hi')\n");
        write(repo, "README.md", "two apps\n");

        assertThat(analyzer.monorepoCandidates(repo)).extracting(AppCandidate::directory)
                .containsExactly("backend", "frontend");
        assertThatThrownBy(() -> analyzer.analyze(repo)).hasMessageContaining("holds 2 apps");
    }

    @Test
    void anAppAtTheRootIsNotAMonorepoEvenWithAppsBelowIt() {
        app(repo, "\"scripts\": { \"start\": \"node server.js\" }, \"workspaces\": [\"packages/*\"]");
        app(repo.resolve("packages/admin"), "\"scripts\": { \"start\": \"node admin.js\" }");

        assertThat(analyzer.monorepoCandidates(repo)).isEmpty();
        assertThat(analyzer.analyze(repo).startCommand()).isEqualTo("npm start");
        assertThat(analyzer.analyze(repo.resolve("packages/admin")).startCommand()).isEqualTo("npm start");
    }

    @Test
    void anAppsOwnSubDirectoriesAreNotLookedInto() {
        app(repo.resolve("web"), "\"scripts\": { \"start\": \"node server.js\" }");
        app(repo.resolve("web/examples"), "\"scripts\": { \"start\": \"node example.js\" }");

        assertThat(analyzer.monorepoCandidates(repo)).extracting(AppCandidate::directory).containsExactly("web");
    }

    @Test
    void aDirectoryWithoutAppsAnywhereIsRefusedAsUnsupported() {
        write(repo, "docs/notes.md", "nothing\n");

        assertThat(analyzer.monorepoCandidates(repo)).isEmpty();
        assertThatThrownBy(() -> analyzer.analyze(repo)).hasMessageContaining("no app HiveMind can deploy");
    }
}
