package dev.hivemind.analyzer.stack.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TomlTablesTest {

    @Test
    void readsStringsOfMultiLineArraysWithoutThoseInComments() {
        TomlTables toml = TomlTables.parse("""
                [project]
                name = "app"  # "not-a-name"
                dependencies = [
                    "flask>=3",  # "commented-out"
                    # "gunicorn",
                    'redis',
                ]
                requires-python = ">=3.10"

                [tool.poetry.dependencies]
                python = "^3.11"
                "Some.Package" = { version = "*" }
                """);

        assertThat(toml.strings("project", "dependencies")).containsExactly("flask>=3", "redis");
        assertThat(toml.string("project", "name")).contains("app");
        assertThat(toml.string("project", "requires-python")).contains(">=3.10");
        assertThat(toml.keys("tool.poetry.dependencies")).containsExactly("python", "Some.Package");
        assertThat(toml.hasTable("tool.poetry.dependencies")).isTrue();
        assertThat(toml.hasTable("tool.poetry")).isFalse();
        assertThat(toml.strings("project", "missing")).isEmpty();
    }
}
