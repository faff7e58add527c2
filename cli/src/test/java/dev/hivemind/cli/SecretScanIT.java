package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real deploy of node-plain with a planted AWS key: the harden stage reports it with file and line, redacted. */
class SecretScanIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "AKIA" + "IOSFODNN7EXAMPLQ";

    @TempDir
    Path home;
    @TempDir
    Path work;

    private CliHarness cli;

    @AfterEach
    void tearDown() {
        if (cli != null) {
            cli.run("destroy", "secret-shop", "--auto-approve");
            cli.run("agent", "stop");
            cli.close();
        }
    }

    @Test
    void aPlantedKeyIsAWarningWithFileAndLineAndNeverItsValue() throws IOException {
        Path app = Files.createDirectories(work.resolve("secret-shop"));
        for (String name : new String[] {"package.json", "server.js"}) {
            Files.copy(CliHarness.example("node-plain").resolve(name), app.resolve(name));
        }
        Files.createDirectories(app.resolve("config"));
        Files.writeString(app.resolve("config/aws.js"), "// credentials\nmodule.exports = { id: '" + KEY_ID + "' };\n");
        cli = new CliHarness(home, work);

        CliHarness.Result result = cli.run("deploy", app.toString(), "--app", "secret-shop",
                "--port", String.valueOf(CliHarness.freePort()), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode state = JSON.readTree(result.out());
        List<String> findings = new ArrayList<>();
        state.get("security_config").get("vulnerability_scan_results").forEach(check -> {
            if (check.get("name").asText().equals("committed-secret")) {
                findings.add(check.get("detail").asText() + " passed=" + check.get("passed").asBoolean());
            }
        });
        assertThat(findings).containsExactly("config/aws.js:2: AWS access key id (AKIA…, 20 characters) passed=false");
        Path deployment = home.resolve("deployments").resolve(state.get("deployment_id").asText());
        assertThat(Files.readString(deployment.resolve("logs.txt")))
                .contains("WARN check committed-secret did not pass: config/aws.js:2: AWS access key id")
                .doesNotContain(KEY_ID);
        assertThat(Files.readString(deployment.resolve("state.json"))).doesNotContain(KEY_ID);
    }
}
