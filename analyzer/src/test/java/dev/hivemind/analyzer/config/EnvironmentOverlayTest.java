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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentOverlayTest {
    @TempDir
    Path dir;

    @BeforeEach
    void config() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", """
                app: shop
                port: 3000
                health: {path: /healthz, interval: 2s}
                strategy: blue-green
                env:
                  LOG_LEVEL: info
                  GREETING: hello ${USER_NAME}, from ${REGION}
                environments:
                  staging:
                    health: {path: /ready}
                    env: {LOG_LEVEL: debug, API_KEY: {file: secrets/api-key}}
                  prod:
                    port: 8443
                    strategy: recreate
                    env: {GREETING: plain}
                """);
    }

    @Test
    void anOverlayReplacesScalarsAndMergesMappingsKeyByKey() {
        ProjectConfig staging = ProjectFile.read(dir).config("staging");
        ProjectConfig prod = ProjectFile.read(dir).config("prod");

        assertThat(staging.port()).contains(3000);
        assertThat(staging.healthPath()).contains("/ready");
        assertThat(staging.env()).containsExactly(
                Map.entry("LOG_LEVEL", new EnvSetting.Text("debug")),
                Map.entry("GREETING", new EnvSetting.Text("hello ${USER_NAME}, from ${REGION}")),
                Map.entry("API_KEY", new EnvSetting.SecretFile("secrets/api-key")));
        assertThat(prod.port()).contains(8443);
        assertThat(prod.strategy()).contains("recreate");
        assertThat(prod.healthPath()).contains("/healthz");
        assertThat(prod.env()).containsEntry("GREETING", new EnvSetting.Text("plain"))
                .containsEntry("LOG_LEVEL", new EnvSetting.Text("info"));
    }

    @Test
    void anEnvironmentWithoutAnOverlayHasTheTopLevelKeys() {
        assertThat(ProjectFile.read(dir).config("dev")).isEqualTo(ProjectFile.read(dir).config());
        assertThat(ProjectFile.read(dir).config("test").port()).contains(3000);
    }

    @Test
    void theAnalyzerAppliesTheEnvironmentsOverlayWithEvidence() {
        TechStack prod = new RepositoryAnalyzer().analyze(dir, "prod");
        TechStack plain = new RepositoryAnalyzer().analyze(dir);

        assertThat(prod.port()).contains(8443);
        assertThat(prod.evidence()).contains("port 8443 from hivemind.yaml port");
        assertThat(plain.port()).contains(3000);
    }

    @Test
    void resolvesVariablesFromTheProcessEnvironmentAndSecretsFromFilesTrimmed() {
        write(dir, "secrets/api-key", "  s3cr3t-key\n\n");

        Map<String, String> values = ProjectFile.read(dir).config("staging").environmentValues(dir,
                Map.of("USER_NAME", "ada", "REGION", "eu-west-1"));

        assertThat(values).containsExactly(Map.entry("LOG_LEVEL", "debug"),
                Map.entry("GREETING", "hello ada, from eu-west-1"), Map.entry("API_KEY", "s3cr3t-key"));
    }

    @Test
    void namesEveryMissingVariableAndSecretFileAtOnce() {
        assertThatThrownBy(() -> ProjectFile.read(dir).config("staging").environmentValues(dir, Map.of("REGION", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("env has 2 values HiveMind cannot resolve")
                .hasMessageContaining("env.GREETING: the process environment has no USER_NAME (referenced as "
                        + "${USER_NAME})")
                .hasMessageContaining("env.API_KEY: the secret file " + dir.resolve("secrets/api-key")
                        + " does not exist")
                .satisfies(error -> assertThat(((InvalidInputException) error).remediation())
                        .contains("Export the variables named"));
    }

    @Test
    void aSecretFileTooLargeToBeASecretIsRefused() {
        write(dir, "secrets/api-key", "x".repeat(EnvSetting.MAX_SECRET_BYTES + 1));

        assertThatThrownBy(() -> ProjectFile.read(dir).config("staging").environmentValues(dir,
                Map.of("USER_NAME", "a", "REGION", "b")))
                .hasMessageContaining("env.API_KEY: the secret file").hasMessageContaining("is larger than 65536 bytes");
    }
}
