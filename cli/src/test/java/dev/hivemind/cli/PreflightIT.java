package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hivemind preflight} through the real CLI, against the tools really installed on this machine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreflightIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private final CliHarness cli = cliHome.cli();

    @Test
    void aNodeExampleIsReadyWithEveryCheckListed() {
        CliHarness.Result result = cli.run("preflight", CliHarness.example("node-express").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("ok +tool node +v\\d+\\.\\d+\\.\\d+, which satisfies Node\\.js >=18 "
                + "\\(package\\.json engines\\.node\\)");
        assertThat(result.out()).containsPattern("ok +tool npm ").containsPattern("ok +public-port ")
                .containsPattern("ok +setsid ").containsPattern("ok +tool git +git version")
                .containsPattern("ok +disk ").containsPattern("ok +write access +" + cliHome.home() + " is writable")
                .contains("Ready: every critical check passed.");
    }

    @Test
    void aGoAppAskingForGo199IsNotReadyAndExitsFour() throws Exception {
        Path app = Files.createDirectories(cliHome.work().resolve("future-go"));
        Files.writeString(app.resolve("go.mod"), "module example.com/future\n\ngo 1.99\n");
        Files.writeString(app.resolve("main.go"), "package main\n\nimport \"net/http\"\n\nfunc main() {\n"
                + "\thttp.ListenAndServe(\":8080\", nil)\n}\n");

        CliHarness.Result result = cli.run("preflight", app.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.out()).containsPattern("missing +tool go +go is 1\\.\\d+(\\.\\d+)? but the app asks for "
                        + "Go 1\\.99 or later \\(go\\.mod go directive\\)")
                .containsPattern("→ Installed: Go 1\\.\\d+(\\.\\d+)?; needed: Go 1\\.99 or later")
                .contains("--env GOTOOLCHAIN=auto and set 'version-check: false' in hivemind.yaml")
                .doesNotContain("go mod edit")
                .contains("Not ready: 1 critical check failed");
    }

    @Test
    void aNodeAppPinnedToNode4IsToldHowToOverrideTheCheckAndPassesWithTheOverride() throws Exception {
        Path app = Files.createDirectories(cliHome.work().resolve("node-4-pin"));
        Files.writeString(app.resolve("package.json"), "{\"name\": \"node-4-pin\", \"version\": \"1.0.0\", "
                + "\"engines\": {\"node\": \"4.0.0\"}, \"scripts\": {\"start\": \"node server.js\"}}\n");
        Files.copy(CliHarness.example("node-plain").resolve("server.js"), app.resolve("server.js"));

        CliHarness.Result pinned = cli.run("preflight", app.toString());
        Files.writeString(app.resolve("hivemind.yaml"), "version-check: false\n");
        CliHarness.Result overridden = cli.run("preflight", app.toString());

        assertThat(pinned.exitCode()).as(pinned.toString()).isEqualTo(4);
        assertThat(pinned.out()).containsPattern("missing +tool node +node is v?\\d+\\.\\d+\\.\\d+ but the app asks "
                + "for Node.js 4\\.0\\.0").contains("relax engines.node (e.g. \">=18\") or set 'version-check: "
                + "false' in hivemind.yaml");
        assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
        assertThat(overridden.out()).doesNotContain("4.0.0");
    }

    @Test
    void writesOneJsonDocumentWithEveryCheck() throws Exception {
        int port = CliHarness.freePort();
        CliHarness.Result result = cli.run("preflight", CliHarness.example("python-stdlib").toString(),
                "--port", String.valueOf(port), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode document = JSON.readTree(result.out());
        assertThat(document.get("ready").asBoolean()).isTrue();
        assertThat(document.get("stack").get("language").asText()).isEqualTo("python");
        List<String> names = new ArrayList<>();
        document.get("checks").forEach(check -> {
            names.add(check.get("name").asText());
            assertThat(check.get("status").asText()).isIn("ok", "warning");
            assertThat(check.has("detail") && check.has("remediation") && check.has("critical")).isTrue();
        });
        assertThat(names).containsExactly("tool python3", "public-port", "setsid", "tool git", "disk",
                "write access");
        assertThat(document.get("checks").get(1).get("detail").asText()).isEqualTo("port " + port
                + " on 127.0.0.1 is free for python-stdlib");
    }

    @Test
    void withoutSourceChecksTheTargetAndHome() throws Exception {
        CliHarness.Result result = cli.run("preflight", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode document = JSON.readTree(result.out());
        assertThat(document.get("stack").isNull()).isTrue();
        List<String> names = new ArrayList<>();
        document.get("checks").forEach(check -> names.add(check.get("name").asText()));
        assertThat(names).containsExactly("public-port", "setsid", "tool git", "disk", "write access");
    }
}
