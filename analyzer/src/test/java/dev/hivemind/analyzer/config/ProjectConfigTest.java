package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Test
    void overridesTheDetectedStartBuildPortAndHealthPathWithEvidence() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", """
                app: shop
                build: npm run build:prod
                start: node dist/main.js
                port: 3000
                health:
                  path: /ready
                strategy: blue-green
                """);

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.startCommand()).isEqualTo("node dist/main.js");
        assertThat(stack.buildCommand()).contains("npm run build:prod");
        assertThat(stack.port()).contains(3000);
        assertThat(stack.healthCheckPath()).contains("/ready");
        assertThat(stack.evidence()).contains(
                "start_command from hivemind.yaml start (replaces 'npm start')",
                "build_command from hivemind.yaml build",
                "port 3000 from hivemind.yaml port",
                "health_check_path /ready from hivemind.yaml health.path / probes.startup.path");
        assertThat(ProjectFile.read(dir).config().app()).contains("shop");
    }

    @Test
    void theStartupProbePathIsTheHealthPathWhenHealthHasNone() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", "probes:\n  startup: {path: /started}\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.healthCheckPath()).contains("/started");
    }

    @Test
    void changesNothingWithoutTheFileOrWhenItIsEmpty() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        TechStack detected = analyzer.analyze(dir);
        write(dir, "hivemind.yaml", "# nothing yet\n");

        assertThat(analyzer.analyze(dir)).isEqualTo(detected);
        assertThat(ProjectFile.read(dir).config()).isEqualTo(ProjectConfig.NONE);
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPathInTheFile() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", """
                app: Not A Name
                start: ["node", "x.js"]
                port: 70000
                health:
                  path: healthz
                strat: canary
                """);

        assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 5 problems")
                .hasMessageContaining("strat: unknown key; known keys: app, aws, build, canary, crash-loop, database, drain, env, environments")
                .hasMessageContaining("app: must be a name of lower-case letters, digits and dashes, starting with a "
                        + "letter or digit, at most 63 long, not 'Not A Name'")
                .hasMessageContaining("start: must be a string, not [\"node\",\"x.js\"]")
                .hasMessageContaining("port: must be at most 65535, not 70000")
                .hasMessageContaining("health.path: must be a path starting with '/', not 'healthz'")
                .satisfies(error -> assertThat(((InvalidInputException) error).remediation())
                        .contains("docs/configuration.md").contains("schema/hivemind.schema.json"));
    }

    @Test
    void refusesAFileThatIsNotYamlNamingTheLine() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", "start: node x.js\n  port: [3000\n");

        assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not valid YAML").hasMessageContaining("line");
    }

    @Test
    void refusesATopLevelThatIsNotAMapping() {
        write(dir, "hivemind.yaml", "- start\n- port\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).config()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(top level): must be a mapping, not [\"start\",\"port\"]");
    }

    @Test
    void readsOnlyTheDetectionKeysLeavingTheOthersToTheirParts() {
        write(dir, "hivemind.yaml", """
                env:
                  LOG_LEVEL: debug
                environments:
                  prod:
                    gates: [provision, deploy]
                """);

        assertThat(ProjectFile.read(dir).config()).isEqualTo(new ProjectConfig(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of("LOG_LEVEL", new EnvSetting.Text("debug"))));
    }

    @Test
    void aProcfileWebLineStartsAnyLanguageAndHivemindYamlWinsOverIt() {
        write(dir, "go.mod", "module example.com/shop\n\ngo 1.19\n");
        write(dir, "main.go", "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n");
        write(dir, "Procfile", "web: ./app --serve\nworker: ./app --work\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.language()).isEqualTo("go");
        assertThat(stack.startCommand()).isEqualTo("./app --serve");
        assertThat(stack.evidence()).contains("start_command './app --serve' from Procfile web: line (replaces './app')");

        write(dir, "hivemind.yaml", "start: ./app --serve --verbose\n");
        assertThat(analyzer.analyze(dir).startCommand()).isEqualTo("./app --serve --verbose");
    }
}
