package dev.hivemind.analyzer.stack.undeployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.stack.DeclaredPort;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a PHP app's files say: composer.json's {@code require} (the PHP version and the framework), the database of
 * {@code .env.example} ({@code DB_CONNECTION}, Laravel) or {@code DATABASE_URL} (Symfony), the start command
 * (the Procfile, a composer {@code start} script, {@code php artisan serve}, PHP's built-in server on
 * {@code public/}) and its port.
 */
final class PhpApp {
    static final String DEFAULT_VERSION = "8.3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FRAMEWORKS = Description.inOrder(
            "laravel/framework", "laravel", "symfony/framework-bundle", "symfony", "slim/slim", "slim",
            "cakephp/cakephp", "cakephp", "laravel/lumen-framework", "lumen");
    private static final Map<String, String> CONNECTIONS = Map.of("pgsql", "postgresql", "mysql", "mysql",
            "mariadb", "mysql", "sqlite", "sqlite", "mongodb", "mongodb");
    private static final Pattern DB_CONNECTION = Pattern.compile("(?m)^\\s*DB_CONNECTION\\s*=\\s*(\\w+)");
    private static final Pattern DATABASE_URL = Pattern.compile(
            "(?m)^\\s*DATABASE_URL\\s*=\\s*[\"']?(postgresql|postgres|mysql|mariadb|sqlite)");
    private static final List<String> ENV_FILES = List.of(".env.example", ".env");

    private PhpApp() {
    }

    static TechStack describe(Path directory) {
        JsonNode composer = composer(directory);
        List<String> packages = new ArrayList<>();
        composer.path("require").fieldNames().forEachRemaining(packages::add);
        Finding framework = framework(packages);
        Optional<String> startScript = Optional.ofNullable(composer.path("scripts").path("start").textValue());
        return new Description("php", ProjectFiles.has(directory, "composer.json") ? "composer.json" : "index.php")
                .framework(framework)
                .runtime(Optional.ofNullable(composer.path("require").path("php").textValue())
                        .map(version -> new Finding(version, "runtime_version " + version
                                + " from composer.json require.php"))
                        .orElseGet(() -> new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION
                                + " is the default: composer.json does not require a php version")))
                .buildTool(ProjectFiles.has(directory, "composer.json")
                        ? new Finding("composer", "build_tool composer from composer.json (composer install)")
                        : new Finding("none", "build_tool none: there is no composer.json"))
                .database(database(directory), "requires_database false: neither DB_CONNECTION nor "
                        + "DATABASE_URL is set in .env.example or .env")
                .start(start(directory, framework.value(), startScript))
                .port(port(directory, framework.value(), startScript), "port none: no Procfile, composer start "
                        + "script or Dockerfile names one")
                .health(Description.health(directory, List.of("bootstrap/app.php", "routes/web.php",
                        "routes/api.php", "public/index.php", "index.php"), file -> file.toString().endsWith(".php")))
                .dependencies(packages.stream().filter(name -> name.contains("/")).toList())
                .stack();
    }

    private static JsonNode composer(Path directory) {
        try {
            Optional<String> text = ProjectFiles.read(directory.resolve("composer.json"));
            return text.isPresent() ? JSON.readTree(text.get()) : JSON.createObjectNode();
        } catch (IOException malformed) {
            return JSON.createObjectNode();
        }
    }

    private static Finding framework(List<String> packages) {
        return FRAMEWORKS.entrySet().stream().filter(entry -> packages.contains(entry.getKey())).findFirst()
                .map(entry -> new Finding(entry.getValue(), "framework " + entry.getValue() + " from composer.json "
                        + "require." + entry.getKey()))
                .orElseGet(() -> new Finding("none", "framework none: composer.json requires none of "
                        + FRAMEWORKS.keySet()));
    }

    private static Optional<Finding> database(Path directory) {
        for (String file : ENV_FILES) {
            Optional<Finding> found = Description.find(directory, file, DB_CONNECTION)
                    .filter(connection -> CONNECTIONS.containsKey(connection.value()))
                    .map(connection -> new Finding(CONNECTIONS.get(connection.value()), "database_type "
                            + CONNECTIONS.get(connection.value()) + " from " + connection.where()
                            + " DB_CONNECTION=" + connection.value()))
                    .or(() -> Description.find(directory, file, DATABASE_URL).map(url -> {
                        String type = url.value().startsWith("postgres") ? "postgresql"
                                : url.value().equals("mariadb") ? "mysql" : url.value();
                        return new Finding(type, "database_type " + type + " from " + url.where() + " DATABASE_URL");
                    }));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Finding start(Path directory, String framework, Optional<String> startScript) {
        Optional<String> web = Procfile.web(directory);
        if (web.isPresent()) {
            return new Finding(web.get(), "start_command '" + web.get() + "' from " + Procfile.SOURCE);
        }
        if (startScript.isPresent()) {
            return new Finding("composer start", "start_command 'composer start' from composer.json scripts.start ("
                    + startScript.get() + ")");
        }
        if (framework.equals("laravel") && ProjectFiles.has(directory, "artisan")) {
            String command = "php artisan serve --host 127.0.0.1 --port $PORT";
            return new Finding(command, "start_command '" + command + "' from artisan (Laravel's server)");
        }
        String root = ProjectFiles.has(directory.resolve("public"), "index.php") ? " -t public" : "";
        String command = "php -S 127.0.0.1:$PORT" + root;
        return new Finding(command, "start_command '" + command + "' from PHP's built-in server on "
                + (root.isEmpty() ? "the root" : "public/"));
    }

    private static Optional<Finding> port(Path directory, String framework, Optional<String> startScript) {
        return Description.first(
                () -> Procfile.web(directory).flatMap(web -> DeclaredPort.inCommand(web, Procfile.SOURCE)),
                () -> startScript.flatMap(script -> DeclaredPort.inCommand(script, "composer.json scripts.start")),
                () -> PortSources.inDockerfile(directory, List.of("PORT")),
                () -> framework.equals("laravel") || framework.equals("symfony")
                        ? Optional.of(PortSources.frameworkDefault(8000, framework.equals("laravel")
                        ? "php artisan serve" : "symfony serve")) : Optional.empty());
    }

}
