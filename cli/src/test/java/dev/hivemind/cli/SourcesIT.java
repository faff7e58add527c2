package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.ServedRepositories;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both examples deploy from a directory and from a git URL served by a real {@code git daemon}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourcesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ServedRepositories daemon = new ServedRepositories();
    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private final CliHarness cli = cliHome.cli();

    @BeforeAll
    void serveTheExamples() throws Exception {
        daemon.add(CliHarness.example("node-plain"), "node-plain");
        daemon.add(CliHarness.example("node-express"), "node-express");
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"node-express, directory", "node-express, git", "node-plain, git"})
    void deploysAndAnswers200ThroughTheProxy(String example, String from) throws Exception {
        String source = from.equals("git") ? daemon.url(example) : CliHarness.example(example).toString();
        String app = example + "-" + from;
        int port = CliHarness.freePort();

        CliHarness.Result result = cli.run("deploy", source, "--app", app, "--port", String.valueOf(port),
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        assertThat(state.get("repo_url").asText()).isEqualTo(source);
        String url = state.get("url").asText();
        assertThat(url).isEqualTo("http://127.0.0.1:" + port);
        Http.Answer answer = Http.get(url + "/");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("Hello from " + example + " v1\n");
        assertThat(Http.get(url + "/health").status()).isEqualTo(200);
        if (from.equals("git")) {
            assertThat(state.get("git").get("commit").asText()).hasSize(40);
            assertThat(result.err()).contains("Cloning " + source);
        }
        if (example.equals("node-express")) {
            assertThat(state.get("tech_stack").get("framework").asText()).isEqualTo("express");
            assertThat(result.err()).contains("npm ci");
        }
        assertThat(cli.run("destroy", app, "--auto-approve").exitCode()).isZero();
        assertThat(DeployIT.portOpen(port)).isFalse();
    }
}
