package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.cli.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hivemind init} over every example, without a terminal: the defaults, written once. */
class InitCommandTest {
    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({"node-plain, 3000, /health", "node-express, 3000, /health", "python-stdlib, 8000, /health",
            "go-nethttp, 8080, /healthz", "java-maven, 8080, /health", "static-site, , /"})
    void writesTheDetectedValuesAsAFileTheSchemaAccepts(String example, Integer port, String health)
            throws IOException {
        Path app = copy(example);

        CliHarness.Result result = cli().run("init", app.toString(), "--yes");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String written = Files.readString(app.resolve("hivemind.yaml"));
        assertThat(written).startsWith("# yaml-language-server: $schema=https://hivemind.dev/schema/"
                + "hivemind.schema.json\n# Written by hivemind init for a ");
        ProjectConfig config = ProjectFile.read(app).config();
        assertThat(config.app()).contains(example);
        assertThat(config.port()).isEqualTo(Optional.ofNullable(port));
        assertThat(config.healthPath()).contains(health);
        assertThat(config.strategy()).contains("blue-green");
        assertThat(written).contains("environments:", "  dev: {}", "  test: {}", "  staging: {}", "  prod: {}");
        assertThat(result.out()).contains("Wrote " + app.resolve("hivemind.yaml") + " (app " + example)
                .contains("Next: hivemind deploy " + app + " --environment dev");
    }

    @Test
    void refusesToOverwriteWithoutForceAndReplacesWithIt() throws IOException {
        Path app = copy("node-plain");
        Files.writeString(app.resolve("hivemind.yaml"), "app: mine\nport: 4000\n");

        CliHarness.Result refused = cli().run("init", app.toString(), "--yes");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains(app.resolve("hivemind.yaml") + " already exists")
                .contains("pass --force to replace it");
        assertThat(Files.readString(app.resolve("hivemind.yaml"))).isEqualTo("app: mine\nport: 4000\n");

        CliHarness.Result forced = cli().run("init", app.toString(), "--yes", "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(app.resolve("hivemind.yaml"))).startsWith("# yaml-language-server:")
                .contains("# Written by hivemind init for a nodejs app.", "app: mine\n", "port: 4000\n");
    }

    @Test
    void initsTheCurrentDirectoryByDefaultAndRefusesAGitUrl() throws IOException {
        Path app = copy("python-stdlib");

        CliHarness.Result here = new CliHarness(work.resolve("home"), app).run("init");
        CliHarness.Result url = cli().run("init", "https://example.com/shop.git");

        assertThat(here.exitCode()).as(here.toString()).isZero();
        assertThat(app.resolve("hivemind.yaml")).exists();
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err()).contains("init writes into a local directory, not https://example.com/shop.git");
    }

    private CliHarness cli() {
        return new CliHarness(work.resolve("home"), work);
    }

    private Path copy(String example) throws IOException {
        Path from = CliHarness.example(example);
        Path to = work.resolve(example);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
