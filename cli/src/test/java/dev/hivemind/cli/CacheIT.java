package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.ServedRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clone and build caches through the real CLI: examples/python-stdlib served by a real git daemon is deployed,
 * deployed again (fetched into the cached clone, built from the build cache), then deployed with --fresh-start.
 * Ordered: each deployment builds on the one before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "cached-python";

    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private final CliHarness cli = cliHome.cli();
    private String source;
    private final int port = CliHarness.freePort();
    private String firstDeployment;

    @BeforeAll
    void serveTheExample() throws Exception {
        daemon.add(CliHarness.example("python-stdlib"), "python-stdlib");
        source = daemon.url("python-stdlib");
    }

    @AfterAll
    void destroyTheApp() {
        cli.run("destroy", APP, "--auto-approve");
    }

    @Test
    @Order(1)
    void theFirstDeploymentClonesIntoTheCacheAndBuilds() throws Exception {
        CliHarness.Result result = deploy();

        JsonNode state = JSON.readTree(result.out());
        firstDeployment = state.get("deployment_id").asText();
        assertThat(state.get("build_artifact").get("build_command").asText()).isEqualTo("python3 -m venv .venv");
        assertThat(result.err()).containsOnlyOnce("Cloning " + source)
                .as("deploy clones once: read hivemind.yaml from the cache, then the analyze stage only fetches")
                .contains("fetching (cached clone) " + source)
                .contains("Cloning " + source + " into the clone cache " + home.resolve("cache/repos"))
                .contains("build cache miss (key ").contains("stored the build in the build cache (key ");
        assertThat(Http.get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
        for (String directory : new String[] {"cache", "cache/repos", "cache/builds", "cache/builds/" + APP + "-python"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(directory))))
                    .as(directory).isEqualTo("rwx------");
        }
    }

    @Test
    @Order(2)
    void theSecondDeploymentOfTheSameCommitFetchesAndReportsABuildCacheHit() throws Exception {
        CliHarness.Result result = deploy();

        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("build_artifact").get("build_command").asText())
                .isEqualTo("cached: python3 -m venv .venv (built by deployment " + firstDeployment + ")");
        assertThat(result.err()).contains("fetching (cached clone) " + source).contains("build cache hit (key ");
        assertThat(Http.get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
        assertThat(Http.get("http://127.0.0.1:" + port + "/health").status()).isEqualTo(200);
        String deployment = state.get("deployment_id").asText();
        assertThat(home.resolve("deployments").resolve(deployment).resolve("logs.txt"))
                .content().contains("build cache hit (key ");
    }

    @Test
    @Order(3)
    void aFreshStartReadsNeitherCache() throws Exception {
        CliHarness.Result result = deploy("--fresh-start");

        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("build_artifact").get("build_command").asText()).isEqualTo("python3 -m venv .venv");
        assertThat(result.err()).contains("fresh start: cloning " + source + " again")
                .contains("fresh start: not reading the build cache (key ").doesNotContain("build cache hit");
        assertThat(Http.get("http://127.0.0.1:" + port + "/").status()).isEqualTo(200);
    }

    private CliHarness.Result deploy(String... extra) {
        String[] args = new String[] {"deploy", source, "--app", APP, "--port", String.valueOf(port),
                "--output", "json"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        CliHarness.Result result = cli.run(all);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
