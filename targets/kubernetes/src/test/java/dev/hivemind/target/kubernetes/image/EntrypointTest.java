package dev.hivemind.target.kubernetes.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntrypointTest {

    @Test
    void aCommandOfPlainWordsIsAnExecFormEntrypoint() {
        assertThat(Entrypoint.of("npm start", "/app")).isEqualTo(new Entrypoint(List.of("npm", "start"),
                Map.of("PATH", "/app/bin:" + Entrypoint.PATH)));
        assertThat(Entrypoint.of("./app", "/app").argv()).containsExactly("/app/app");
        assertThat(Entrypoint.of("exec node dist/server.js", "/app").argv()).containsExactly("node",
                "dist/server.js");
    }

    @Test
    void theHostsJdkPathBecomesTheImagesJava() {
        Entrypoint java = Entrypoint.of("exec '/usr/lib/jvm/java-17-openjdk-amd64/bin/java' $JAVA_OPTS -jar app.jar",
                "/app");

        assertThat(java.argv()).containsExactly("java", "-jar", "app.jar");
    }

    @Test
    void aVirtualenvsShellPrefixBecomesTheImagesEnvironment() {
        Entrypoint python = Entrypoint.of("export PATH=\"$PWD/.venv/bin:$PATH\" VIRTUAL_ENV=\"$PWD/.venv\" && "
                + "python app.py", "/app");

        assertThat(python.argv()).containsExactly("python", "app.py");
        assertThat(python.environment()).containsEntry("VIRTUAL_ENV", "/app/.venv")
                .containsEntry("PATH", "/app/.venv/bin:/app/bin:" + Entrypoint.PATH);
    }

    @Test
    void shellSyntaxRunsInTheBasesShell() {
        assertThat(Entrypoint.of("node server.js > /dev/null 2>&1", "/app").argv())
                .containsExactly("/bin/sh", "-c", "node server.js > /dev/null 2>&1");
        assertThat(Entrypoint.of("gunicorn -b 0.0.0.0:$PORT app:app", "/app").argv().getFirst())
                .isEqualTo("/bin/sh");
    }

    @Test
    void aStaticSiteNeedsAWebServerInTheBase() {
        assertThatThrownBy(() -> Entrypoint.of("exec \"${HIVEMIND_STATIC_SERVER:?not set}\" .", "/app"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a static site is served by HiveMind's host agent");
    }
}
