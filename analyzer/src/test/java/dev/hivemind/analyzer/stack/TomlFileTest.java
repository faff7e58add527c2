package dev.hivemind.analyzer.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlFileTest {
    private static final Path FILE = Path.of("/src/app/pyproject.toml");

    @Test
    void readsInlineTablesDottedKeysMultiLineValuesAndIgnoresComments() {
        TomlFile toml = TomlFile.parse(FILE, """
                project.name = "app"  # "not-a-name"
                project.description = \"""
                [tool.poetry]
                dependencies = ["django"]
                \"""
                project.dependencies = [
                    "flask>=3",  # "commented-out"
                    # "gunicorn",
                    '''redis''',
                ]

                [tool.poetry]
                dependencies = { python = {version = "^3.11"}, "Some.Package" = { version = "*" } }
                """);

        assertThat(toml.strings("project", "dependencies")).containsExactly("flask>=3", "redis");
        assertThat(toml.string("project", "name")).contains("app");
        assertThat(toml.keys("tool", "poetry", "dependencies")).containsExactly("python", "Some.Package");
        assertThat(toml.string("tool", "poetry", "dependencies", "python", "version")).contains("^3.11");
        assertThat(toml.string("tool", "poetry", "dependencies", "python")).isEmpty();
        assertThat(toml.hasTable("tool", "poetry")).isTrue();
        assertThat(toml.keys("tool")).containsExactly("poetry");
        assertThat(toml.strings("project", "missing")).isEmpty();
    }

    @Test
    void findsTheFirstIntegerKeyAndTheTablesOfAnArray() {
        TomlFile toml = TomlFile.parse(FILE, """
                name = "x"
                [[bin]]
                name = "first"
                [[bin]]
                name = "second"
                [default]
                port = "not a number"
                [default.server]
                port = 8080
                [debug]
                port = 8001
                """);

        assertThat(toml.firstInteger("port")).contains(Map.entry("default.server.port", 8080L));
        assertThat(toml.tables("bin")).extracting(bin -> bin.string("name").orElseThrow())
                .containsExactly("first", "second");
        assertThat(toml.integer("debug", "port")).contains(8001L);
    }

    @Test
    void refusesInvalidTomlWithTheLineAndWhatToDo() {
        assertThatThrownBy(() -> TomlFile.parse(FILE, """
                [project]
                name = "app"
                dependencies = ["flask" "gunicorn"]
                requires-python = ">=3.11"
                """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pyproject.toml is not valid TOML at line 3")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .contains("Fix pyproject.toml so that it is valid TOML 1.0"));
    }
}
