package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.staticsite.StaticServerScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance gets its release's variables over a small base, and nothing of the agent's own environment. */
class InstanceEnvironmentIT {
    @TempDir
    Path temp;
    AgentFixture fixture;

    @BeforeEach
    void startAgent() {
        fixture = new AgentFixture(temp).start();
        fixture.client.ensureApp("web", AgentFixture.freePort(), "127.0.0.1");
    }

    @AfterEach
    void stopAgent() {
        fixture.close();
    }

    @Test
    void anInstanceGetsExactlyTheBaseItsReleasesVariablesPortAndHost() {
        // given an agent whose own environment is the test's (JAVA_HOME, the build's variables, ...)
        assertThat(System.getenv().keySet()).as("the agent's environment has more than the base")
                .isNotEmpty().anyMatch(name -> !Map.of("PATH", 0, "HOME", 0, "LANG", 0).containsKey(name));

        // when a release starts
        Path directory = start("r1", Map.of("APP_SETTING", "from the deployment"));

        // then its process sees the base, its variables and what the agent adds, nothing else
        Map<String, String> seen = environment(directory);
        assertThat(seen).containsOnlyKeys("PATH", "HOME", "LANG", "APP_SETTING", "PORT", "HOST",
                StaticServerScript.VARIABLE, "PWD");
        assertThat(seen).containsEntry("APP_SETTING", "from the deployment")
                .containsEntry("HOME", directory.toString())
                .containsEntry("HOST", "127.0.0.1")
                .containsEntry("PATH", directory.resolve("bin") + ":"
                        + CleanEnvironment.path(Optional.ofNullable(System.getenv("PATH")).orElse("")))
                .containsEntry("PORT", String.valueOf(fixture.instance("web", "r1").port()));
    }

    @Test
    void aReleaseMaySetPathHomeAndLangItself() {
        Path directory = start("r2", Map.of("PATH", "/opt/app/bin:/usr/bin:/bin", "HOME", "/tmp",
                "LANG", "en_US.UTF-8"));

        assertThat(environment(directory)).containsEntry("PATH", "/opt/app/bin:/usr/bin:/bin")
                .containsEntry("HOME", "/tmp").containsEntry("LANG", "en_US.UTF-8");
    }

    private Path start(String releaseId, Map<String, String> environment) {
        ReleaseLaunch node = fixture.launch(releaseId, environment);
        fixture.client.startRelease("web", new ReleaseLaunch(releaseId, node.directory(),
                "env > environment.txt && exec node server.js", environment, AgentFixture.fastHealth()));
        fixture.awaitState("web", releaseId, InstanceState.HEALTHY);
        return node.directory();
    }

    private static Map<String, String> environment(Path directory) {
        try {
            return Files.readAllLines(directory.resolve("environment.txt")).stream()
                    .filter(line -> line.contains("="))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1), (first, second) -> second));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
