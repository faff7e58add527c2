package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hivemind init} at a real terminal: the shaded jar runs on a pseudo-terminal (Python's {@code pty}, so
 * {@code System.console()} is there) and the test answers its questions, one invalid answer among them.
 */
class InitTerminalIT {
    @TempDir
    Path work;

    @Test
    void asksEachQuestionWithTheDetectedDefaultAndWritesTheAnswers() throws Exception {
        Path app = work.resolve("demo");
        Files.createDirectories(app);
        for (String name : List.of("package.json", "server.js")) {
            Files.copy(CliHarness.example("node-plain").resolve(name), app.resolve(name));
        }
        Path answers = Files.writeString(work.resolve("answers"), "Shop Name\nshop\n4100\n\nrecreate\nstaging\n");

        Process process = new ProcessBuilder("python3", script().toString(), answers.toString(), java(), "-jar",
                CliHarness.repositoryRoot().resolve("cli/target/hivemind.jar").toString(), "init", app.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String terminal = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(terminal).isZero();
        assertThat(terminal).contains("App name [demo]: ", "'Shop Name' is not a valid answer",
                "Port the app listens on [3000]: ", "Health check path [/health]: ",
                "Strategy (blue-green, recreate) [blue-green]: ", "Environment (dev, test, staging, prod) [dev]: ",
                "Next: hivemind deploy " + app + " --environment staging");
        ProjectConfig config = ProjectFile.read(app).config();
        assertThat(config.app()).contains("shop");
        assertThat(config.port()).contains(4100);
        assertThat(config.healthPath()).contains("/health");
        assertThat(config.strategy()).contains("recreate");
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private Path script() throws IOException {
        Path script = work.resolve("pty-answers.py");
        try (var in = InitTerminalIT.class.getResourceAsStream("/pty-answers.py")) {
            Files.write(script, Optional.ofNullable(in).orElseThrow().readAllBytes());
        }
        return script;
    }
}
