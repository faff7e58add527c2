package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSchemaTest {
    @TempDir
    Path dir;

    @Test
    void acceptsEveryKeyOfTheConfiguration() {
        write(dir, "hivemind.yaml", """
                app: shop
                build: npm run build
                start: node server.js
                port: 3000
                health: {path: /healthz, interval: 2s, timeout: 500ms, threshold: 2, startup_deadline: 1m}
                env:
                  LOG_LEVEL: info
                  DEBUG: false
                  WORKERS: 4
                  TOKEN: ${CI_TOKEN}
                  DB_PASSWORD: {file: secrets/db}
                strategy: canary
                steps: [5, 25, 50, 100]
                replicas: 2
                gates: [provision, "040"]
                hooks:
                  pre-build: echo before
                  post-build: [echo one, echo two]
                  pre-deploy: {run: echo a, timeout: 30s}
                  post-deploy: {run: [echo b, echo c]}
                  pre-destroy: echo c
                smoke:
                  - {path: /, expect_status: 200, expect_body: hello}
                  - path: /healthz
                migrate: npm run migrate
                database: {type: postgresql, version: 15, name: shop, in-cluster: true, storage: 5Gi}
                probes:
                  startup: {path: /up, interval: 1s, timeout: 5s, threshold: 1}
                  readiness: {path: /ready}
                  liveness: {path: /live, interval: 30}
                drain: 30s
                image: {base: registry.example.com/base/node:22, registry: registry.example.com/team/shop}
                load: {requests: 200, rate: 20, p50_ms: 50, p95_ms: 200, p99_ms: 500, error_rate: 0.01}
                environments:
                  dev:
                  test: {replicas: 1, database: {in-cluster: false}}
                  staging: {env: {LOG_LEVEL: debug}}
                  prod: {port: 8443, gates: [provision, deploy], strategy: blue-green, image: {base: scratch}}
                """);

        ProjectConfig config = ProjectFile.read(dir).config();
        assertThat(ProjectFile.read(dir).imageBase("dev")).contains("registry.example.com/base/node:22");
        assertThat(ProjectFile.read(dir).imageRegistry("dev")).contains("registry.example.com/team/shop");
        assertThat(ProjectFile.read(dir).imageBase("prod")).contains("scratch");
        assertThat(ProjectFile.read(dir).inClusterDatabase("dev")).contains(new ProjectFile.InClusterDatabase("5Gi"));
        assertThat(ProjectFile.read(dir).inClusterDatabase("test")).isEmpty();

        assertThat(config.app()).contains("shop");
        assertThat(config.strategy()).contains("canary");
        assertThat(config.env()).containsEntry("DB_PASSWORD", new EnvSetting.SecretFile("secrets/db"))
                .containsEntry("WORKERS", new EnvSetting.Text("4")).containsEntry("DEBUG", new EnvSetting.Text("false"));
    }

    @Test
    void listsEveryProblemWithItsPathInTheFile() {
        write(dir, "hivemind.yaml", """
                port: 0
                health: {path: up, interval: soon, retries: 3}
                env:
                  PORT: "1"
                  2FA: x
                  SECRET: {fil: x}
                strategy: fast
                steps: [0, 100]
                gates: [provision, lunch]
                hooks: {pre_build: make}
                smoke:
                  - {expect_status: 99}
                database: {type: oracle}
                image: {bass: node}
                load: {error_rate: 2}
                environments:
                  qa: {}
                  prod:
                    port: 70000
                    environments: {}
                    env: {TOKEN: [a]}
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).config()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 20 problems")
                .hasMessageContaining("\n  image.bass: unknown key; known keys: base, registry")
                .hasMessageContaining("\n  port: must be at least 1, not 0")
                .hasMessageContaining("\n  health.path: must be a path starting with '/', not 'up'")
                .hasMessageContaining("\n  health.interval: must be a duration: 500ms, 2s, 1m, 1h, or a number of "
                        + "seconds, not 'soon'")
                .hasMessageContaining("\n  health.retries: unknown key; known keys: interval, path, startup_deadline, "
                        + "threshold, timeout")
                .hasMessageContaining("\n  env.PORT: must be a variable name (letters, digits and _, not starting "
                        + "with a digit) other than PORT and HOST, which HiveMind sets, not 'PORT'")
                .hasMessageContaining("\n  env.2FA: must be a variable name")
                .hasMessageContaining("\n  env.SECRET: must be a string, number or boolean (${VAR} takes the process "
                        + "environment's VAR), or {file: path} for a secret, not {\"fil\":\"x\"}")
                .hasMessageContaining("\n  strategy: must be one of blue-green, recreate, canary, rolling, not 'fast'")
                .hasMessageContaining("\n  steps[0]: must be at least 1, not 0")
                .hasMessageContaining("\n  gates[1]: must be one of preflight, analyze, build, provision, deploy, "
                        + "harden, validate, report, 001, 010, 020, 030, 040, 050, 060, 070, not 'lunch'")
                .hasMessageContaining("\n  hooks.pre_build: unknown key (keys are kebab-case: write 'pre-build'); "
                        + "known keys: post-build, post-deploy, pre-build, pre-deploy, pre-destroy")
                .hasMessageContaining("\n  smoke[0].expect_status: must be at least 100, not 99")
                .hasMessageContaining("\n  smoke[0].path: is required")
                .hasMessageContaining("\n  database.type: must be one of postgresql, mysql, sqlite, none, not 'oracle'")
                .hasMessageContaining("\n  load.error_rate: must be at most 1, not 2")
                .hasMessageContaining("\n  environments.qa: unknown key; known keys: dev, prod, staging, test")
                .hasMessageContaining("\n  environments.prod.port: must be at most 65535, not 70000")
                .hasMessageContaining("\n  environments.prod.environments: unknown key; known keys: app, aws, "
                        + "build, canary, crash-loop, database, drain, env, gates, health, hooks, hosts, image, limits, "
                        + "load, max-parallel, migrate, "
                        + "port, probes, replicas, rolling, smoke, ssh-key, start, steps, strategy, target, tls, "
                        + "version-check")
                .hasMessageContaining("\n  environments.prod.env.TOKEN: must be a string, number or boolean");
    }

    @Test
    void anInClusterDatabaseIsAskedForWithABooleanAndAVolumeSize() throws IOException {
        Files.writeString(dir.resolve("hivemind.yaml"), """
                database: {in-cluster: "yes", storage: 5GB, size: 1}
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).config()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 3 problems")
                .hasMessageContaining("\n  database.size: unknown key; known keys: in-cluster, name, storage, type, "
                        + "version")
                .hasMessageContaining("\n  database.in-cluster: must be a boolean")
                .hasMessageContaining("\n  database.storage: ");
        Files.writeString(dir.resolve("hivemind.yaml"), "database: {in-cluster: true}\n");
        assertThat(ProjectFile.read(dir).inClusterDatabase("prod")).contains(new ProjectFile.InClusterDatabase("1Gi"));
        Files.writeString(dir.resolve("hivemind.yaml"), "database: {type: postgresql}\n");
        assertThat(ProjectFile.read(dir).inClusterDatabase("prod")).isEmpty();
    }

    @Test
    void thePublishedSchemaIsTheOneInTheJarAndADraft202012Schema() throws IOException {
        Path published = Path.of("..", "schema", ConfigSchema.FILE);
        byte[] inJar;
        try (var in = ConfigSchema.class.getResourceAsStream(ConfigSchema.FILE)) {
            inJar = in.readAllBytes();
        }

        assertThat(inJar).isEqualTo(Files.readAllBytes(published));
        var tree = new ObjectMapper().readTree(inJar);
        assertThat(tree.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(tree.path("$id").asText()).isEqualTo(ConfigSchema.URL);
        List<String> keys = List.of("app", "build", "start", "port", "health", "env", "strategy", "steps", "replicas",
                "gates", "hooks", "smoke", "environments", "migrate", "database", "probes", "drain", "load", "canary",
                "rolling", "crash-loop", "limits", "tls", "version-check", "target", "hosts", "ssh-key", "max-parallel",
                "aws", "image");
        assertThat(tree.path("properties").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(keys);
    }
}
