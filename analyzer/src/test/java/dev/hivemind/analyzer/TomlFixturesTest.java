package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code fixtures/py-toml-*} apps, whose pyproject.toml or Pipfile uses what a line-by-line reader gets wrong:
 * inline tables, dotted keys, multi-line strings holding TOML-looking text, multi-line arrays with comments between
 * and after their values, quoted keys, arrays of tables, a super-table declared after its sub-tables. Every other
 * answer is in {@code fixtures/expected.json} ({@link FixtureDetectionTest}); this test adds the dependency list,
 * which is exactly what such syntax hides.
 */
class TomlFixturesTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            py-toml-poetry-inline-tables | fastapi sqlalchemy asyncpg
            py-toml-dotted-keys          | flask gunicorn
            py-toml-multiline-strings    | starlette uvicorn redis
            py-toml-commented-arrays     | aiohttp asyncpg
            py-toml-pipfile-inline       | flask flask-sqlalchemy psycopg gunicorn
            py-toml-uv-dotted-tool       | fastapi pymongo
            py-toml-poetry-deps-inline   | django dj-database-url gunicorn
            py-toml-quoted-keys          | tornado motor
            py-toml-array-of-tables      | flask pymysql gunicorn
            py-toml-pipfile-tables       | fastapi uvicorn sqlalchemy aiosqlite
            """)
    void readsEveryDependencyDeclared(String fixture, String dependencies) throws URISyntaxException {
        Path directory = Path.of(getClass().getResource("/fixtures/" + fixture).toURI());

        assertThat(analyzer.analyze(directory).dependencies()).containsExactlyElementsOf(
                List.of(dependencies.split(" ")));
    }
}
