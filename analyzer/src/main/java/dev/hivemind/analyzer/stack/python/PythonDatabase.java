package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Database;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database a Python app uses, judged by use: a Django settings {@code ENGINE} naming a server
 * ({@code django.db.backends.postgresql}); else the first driver among the dependencies that is used, imported by
 * the code or loaded by an ORM that takes a URL (Django, SQLAlchemy, SQLModel, Peewee, Tortoise, databases); else an
 * embedded SQLite the app opens: Django's {@code sqlite3} engine, a {@code sqlite:///} URL as a default, or the
 * standard library's {@code sqlite3} imported. A driver listed but never used is a decoy, named in the evidence.
 */
final class PythonDatabase {
    /** Libraries that connect to a database they are given by URL or settings, so the app never imports the driver. */
    private static final Map<String, Set<String>> LOADERS = Map.of(
            "postgresql", Set.of("django", "sqlalchemy", "flask-sqlalchemy", "sqlmodel", "peewee", "tortoise-orm",
                    "databases", "pony", "ormar", "piccolo", "alembic", "flask-migrate", "dj-database-url"),
            "mysql", Set.of("django", "sqlalchemy", "flask-sqlalchemy", "sqlmodel", "peewee", "tortoise-orm",
                    "databases", "pony", "ormar", "alembic", "flask-migrate", "dj-database-url"),
            "mongodb", Set.of("mongoengine", "beanie", "odmantic", "djongo", "flask-pymongo"),
            "redis", Set.of("celery", "rq", "django-redis", "flask-caching", "flask-limiter", "dramatiq", "huey",
                    "arq", "django-rq", "channels-redis"));
    private static final Map<String, String> MODULES = Map.of("psycopg2", "psycopg2", "psycopg2-binary", "psycopg2",
            "psycopg", "psycopg", "asyncpg", "asyncpg", "mysqlclient", "MySQLdb", "pymysql", "pymysql", "pymongo",
            "pymongo", "motor", "motor", "redis", "redis");
    private static final Pattern ENGINE = Pattern.compile(
            "['\"]ENGINE['\"]\\s*:\\s*['\"]django\\.db\\.backends\\.(postgresql(?:_psycopg2)?|postgis|mysql|sqlite3)['\"]");
    private static final Pattern IMPORT = Pattern.compile(
            "(?m)^\\s*(?:import|from)\\s+(psycopg2|psycopg|asyncpg|MySQLdb|pymysql|pymongo|motor|redis|sqlite3|aiosqlite)\\b");
    private static final Pattern SQLITE_URL = Pattern.compile("['\"]sqlite(?:\\+\\w+)?:///");
    private static final int SCAN_DEPTH = 4;
    private static final int MAX_SCANNED = 30;

    private PythonDatabase() {
    }

    static Database detect(Path directory, PythonProject project, Optional<Path> entry) {
        Optional<Engine> engine = djangoEngine(directory);
        if (engine.isPresent() && !engine.get().type().equals("sqlite")) {
            return found(engine.get().type(), engine.get().where() + " ENGINE " + engine.get().backend());
        }
        List<Rule> listed = PythonLibraries.DATABASES.stream()
                .filter(rule -> project.dependency(rule.dependency()).isPresent()).toList();
        Scan scan = scan(directory, entry);
        List<String> decoys = new ArrayList<>();
        for (Rule rule : listed) {
            String source = project.dependency(rule.dependency()).orElseThrow().source();
            Optional<String> importedIn = scan.imported(MODULES.get(rule.dependency()));
            Optional<String> loader = project.dependencyNames().stream()
                    .filter(LOADERS.getOrDefault(rule.value(), Set.of())::contains).findFirst();
            if (importedIn.isPresent() || loader.isPresent()) {
                return found(rule.value(), source + (importedIn.map(file -> ", imported in " + file)
                        .orElseGet(() -> ", which " + loader.get() + " connects through")) + decoyNote(decoys));
            }
            decoys.add(rule.dependency());
        }
        Optional<Database> embedded = engine.map(found -> found(found.type(), found.where() + " ENGINE "
                + found.backend() + ", an embedded database"))
                .or(() -> scan.imported("sqlite3").or(() -> scan.imported("aiosqlite"))
                        .map(file -> found("sqlite", file + " imports sqlite3, an embedded database")))
                .or(() -> scan.sqliteUrl().map(file -> found("sqlite", file + " names a sqlite:/// URL, an "
                        + "embedded database")));
        return embedded.orElseGet(() -> new Database(Optional.empty(), decoys.isEmpty()
                ? "requires_database false: the dependencies hold no database driver (" + names() + ") and the code "
                + "opens no SQLite database"
                : "requires_database false: " + String.join(", ", decoys) + " listed but never imported, and no "
                + "ORM that connects by URL is a dependency: a decoy"));
    }

    private static Database found(String type, String source) {
        return new Database(Optional.of(type), "database_type " + type + " from " + source);
    }

    private static String decoyNote(List<String> decoys) {
        return decoys.isEmpty() ? "" : " (" + String.join(", ", decoys) + " also listed, never imported: a decoy)";
    }

    private static String names() {
        return String.join(", ", PythonLibraries.DATABASES.stream().map(Rule::dependency).toList());
    }

    /** The backend of Django's default database, in the settings module manage.py names (or its package). */
    private static Optional<Engine> djangoEngine(Path directory) {
        Optional<String> settings = ProjectFiles.read(directory.resolve("manage.py"))
                .map(text -> Pattern.compile("DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"]([\\w.]+)['\"]").matcher(text))
                .filter(Matcher::find).map(matcher -> matcher.group(1));
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        for (Path file : PythonStartCommand.settingsFiles(directory, settings.get())) {
            Optional<Matcher> engine = ProjectFiles.read(file).map(ENGINE::matcher).filter(Matcher::find);
            if (engine.isPresent()) {
                String backend = engine.get().group(1);
                String type = backend.startsWith("postg") ? "postgresql" : backend.equals("mysql") ? "mysql" : "sqlite";
                return Optional.of(new Engine(type, "django.db.backends." + backend,
                        ProjectFiles.relative(directory, file)));
            }
        }
        return Optional.empty();
    }

    private record Engine(String type, String backend, String where) {
    }

    /**
     * The modules the app's code imports, and whether it names a SQLite URL: in the files the health scan reads
     * (the entry file, the top-level ones and one directory down), then those in directories where a client
     * usually lives ({@code db/}, {@code models/}, {@code config/}, ...).
     */
    private static Scan scan(Path directory, Optional<Path> entry) {
        Map<String, String> imports = new LinkedHashMap<>();
        Optional<String> sqliteUrl = Optional.empty();
        Set<Path> files = new LinkedHashSet<>(HealthPathScanner.PYTHON.files(directory, entry));
        files.addAll(ProjectFiles.findInDirectoriesNamed(directory, SCAN_DEPTH, MAX_SCANNED,
                path -> path.getFileName().toString().endsWith(".py")
                        && !path.getFileName().toString().startsWith("test_"), ProjectFiles.DATABASE_DIRECTORIES));
        for (Path file : files) {
            String code = ProjectFiles.read(file).orElse("");
            String relative = ProjectFiles.relative(directory, file);
            Matcher imported = IMPORT.matcher(code);
            while (imported.find()) {
                imports.putIfAbsent(imported.group(1), relative);
            }
            if (sqliteUrl.isEmpty() && SQLITE_URL.matcher(code).find()) {
                sqliteUrl = Optional.of(relative);
            }
        }
        return new Scan(imports, sqliteUrl);
    }

    private record Scan(Map<String, String> imports, Optional<String> sqliteUrl) {
        Optional<String> imported(String module) {
            return Optional.ofNullable(module).map(imports::get);
        }
    }
}
