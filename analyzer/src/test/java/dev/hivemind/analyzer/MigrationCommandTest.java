package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.stack.python.PythonStartCommand;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationCommandTest {
    private static final String VENV = PythonStartCommand.VENV_PREFIX;
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Test
    void aPackageJsonMigrateScriptIsRunWithNpm() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\", \"migrate\": \"node migrate.js\" }, "
                + "\"dependencies\": { \"pg\": \"^8\" }");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.migrateCommand()).contains("npm run migrate");
        assertThat(stack.evidence()).contains("migrate_command 'npm run migrate' from package.json scripts.migrate");
    }

    @Test
    void prismaWithItsSchemaDeploysItsMigrations() {
        app(dir, "\"dependencies\": { \"@prisma/client\": \"^5\" }, \"devDependencies\": { \"prisma\": \"^5\" }");
        write(dir, "prisma/schema.prisma", "datasource db { provider = \"postgresql\" url = env(\"DATABASE_URL\") }\n");

        assertThat(analyzer.analyze(dir).migrateCommand()).contains("npx prisma migrate deploy");
    }

    @Test
    void knexWithAKnexfileMigratesToTheLatest() {
        app(dir, "\"dependencies\": { \"knex\": \"^3\", \"pg\": \"^8\" }");
        write(dir, "knexfile.js", "module.exports = { client: 'pg', connection: process.env.DATABASE_URL };\n");

        assertThat(analyzer.analyze(dir).migrateCommand()).contains("npx knex migrate:latest");
    }

    @Test
    void knexWithoutAKnexfileIsNoMigration() {
        app(dir, "\"dependencies\": { \"knex\": \"^3\" }");

        assertThat(analyzer.analyze(dir).migrateCommand()).isEmpty();
    }

    @Test
    void djangoMigratesInTheVirtualEnvironment() {
        write(dir, "requirements.txt", "Django==5.0\npsycopg2-binary==2.9.9\n");
        write(dir, "manage.py", "import django\n");

        assertThat(analyzer.analyze(dir).migrateCommand()).contains(VENV + "python manage.py migrate --noinput");
    }

    @Test
    void alembicUpgradesToHead() {
        write(dir, "requirements.txt", "fastapi\nuvicorn\nalembic\npsycopg2-binary\n");
        write(dir, "main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
        write(dir, "alembic.ini", "[alembic]\nscript_location = migrations\n");

        assertThat(analyzer.analyze(dir).migrateCommand()).contains(VENV + "alembic upgrade head");
    }

    @Test
    void hivemindYamlMigrateReplacesTheDetectedCommandAndAListRunsInOrder() {
        app(dir, "\"scripts\": { \"migrate\": \"node migrate.js\" }");
        write(dir, "hivemind.yaml", "migrate:\n  - node check.js\n  - node migrate.js --all\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(stack.migrateCommand()).contains("node check.js && node migrate.js --all");
        assertThat(stack.evidence()).contains("migrate_command from hivemind.yaml migrate (replaces 'npm run migrate')");
    }

    @Test
    void databaseTypeNoneDropsTheDetectedDatabaseAndNameAndVersionAreKept() {
        app(dir, "\"dependencies\": { \"pg\": \"^8\" }");
        write(dir, "db.js", "module.exports = require('pg');\n");
        assertThat(analyzer.analyze(dir).databaseType()).contains("postgresql");
        write(dir, "hivemind.yaml", "database:\n  type: none\n");

        TechStack none = analyzer.analyze(dir);
        assertThat(none.databaseType()).isEmpty();
        assertThat(none.requiresDatabase()).isFalse();

        write(dir, "hivemind.yaml", "database: {name: shop_main, version: 15}\n");
        TechStack named = analyzer.analyze(dir);
        assertThat(named.databaseType()).contains("postgresql");
        assertThat(named.databaseName()).contains("shop_main");
        assertThat(named.databaseVersion()).contains("15");
        assertThat(named.evidence()).contains("database postgresql, name shop_main, version 15 from hivemind.yaml "
                + "database");
    }

    @Test
    void badMigrateAndDatabaseValuesAreReportedTogetherWithTheirPaths() {
        app(dir, "");
        write(dir, "hivemind.yaml", "migrate: \"\"\ndatabase:\n  type: oracle\n  name: 1shop\n  version: latest\n");

        assertThatThrownBy(() -> analyzer.analyze(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("migrate: must be a non-empty shell command")
                .hasMessageContaining("database.type").hasMessageContaining("database.name")
                .hasMessageContaining("database.version");
    }
}
