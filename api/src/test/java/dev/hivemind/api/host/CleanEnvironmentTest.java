package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanEnvironmentTest {
    private static final Map<String, String> SHELL = Map.of("PATH", "/opt/node/bin:.::bin:/usr/bin:/opt/node/bin",
            "HOME", "/home/operator", "LANG", "de_DE.UTF-8", "AWS_SECRET_ACCESS_KEY", "secret",
            "GITHUB_TOKEN", "ghp_secret", "HIVEMIND_HOME", "/somewhere/else");

    @Test
    void theAgentGetsOnlyPathHomeLangAndItsHome() {
        Map<String, String> agent = CleanEnvironment.agent(SHELL, new HivemindHome(Path.of("/srv/hivemind")));

        assertThat(agent).containsOnly(Map.entry("PATH", "/opt/node/bin:/usr/bin"),
                Map.entry("HOME", "/home/operator"), Map.entry("LANG", "de_DE.UTF-8"),
                Map.entry("HIVEMIND_HOME", "/srv/hivemind"));
    }

    @Test
    void anAppsBaseIsPathLangAndItsOwnDirectoryAsHome() {
        Map<String, String> base = CleanEnvironment.appBase(SHELL, Path.of("/srv/hivemind/deployments/d1/artifacts"));

        assertThat(base).containsOnly(Map.entry("PATH", "/srv/hivemind/deployments/d1/artifacts/bin:/opt/node/bin:/usr/bin"),
                Map.entry("HOME", "/srv/hivemind/deployments/d1/artifacts"), Map.entry("LANG", "de_DE.UTF-8"));
    }

    @Test
    void withoutPathOrLangTheDefaultsAreUsed() {
        Map<String, String> base = CleanEnvironment.appBase(Map.of("PATH", ".:bin"), Path.of("/app"));

        assertThat(base).containsEntry("PATH", "/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
                .containsEntry("LANG", "C.UTF-8");
        assertThat(CleanEnvironment.appBase(Map.of(), Path.of("/app")))
                .containsEntry("PATH", "/app/bin:" + CleanEnvironment.DEFAULT_PATH);
    }
}
