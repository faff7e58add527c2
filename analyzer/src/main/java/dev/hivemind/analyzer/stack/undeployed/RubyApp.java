package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.DeclaredPort;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Ruby app's files say: the framework and database from the Gemfile's gems (a Rails app's
 * {@code config/database.yml} adapter first), the Ruby version from the Gemfile's {@code ruby} line,
 * {@code .ruby-version} or {@code .tool-versions}; the port from the Procfile, {@code config/puma.rb}, a Sinatra
 * {@code set :port}, the Dockerfile, then the server's default (Rails 3000, Sinatra 4567, rackup 9292).
 */
final class RubyApp {
    static final String DEFAULT_VERSION = "3.3";
    private static final Pattern GEM = Pattern.compile("(?m)^\\s*gem\\s+['\"]([\\w-]+)['\"]");
    private static final Pattern RUBY_LINE = Pattern.compile("(?m)^\\s*ruby\\s+['\"]([\\d.]+)['\"]");
    private static final Pattern ADAPTER = Pattern.compile("(?m)^\\s*adapter:\\s*['\"]?(\\w+)");
    private static final Pattern PUMA_PORT = Pattern.compile(
            "(?m)^\\s*port\\s+(?:ENV\\.fetch\\(\\s*['\"]PORT['\"]\\s*(?:,\\s*(?<a>\\d{2,5})\\s*)?\\)\\s*(?:\\{\\s*(?<b>\\d{2,5})\\s*})?|(?<c>\\d{2,5}))");
    private static final Pattern SINATRA_PORT = Pattern.compile(
            "(?m)^\\s*set\\s+:port\\s*,\\s*(?:ENV\\[['\"]PORT['\"]]\\s*\\|\\|\\s*)?['\"]?(\\d{2,5})");
    private static final List<String> FRAMEWORKS = List.of("rails", "hanami", "sinatra", "roda", "jekyll",
            "github-pages");
    private static final Map<String, String> DATABASE_GEMS = Description.inOrder(
            "pg", "postgresql", "mysql2", "mysql", "trilogy", "mysql", "mongoid", "mongodb", "mongo", "mongodb",
            "sqlite3", "sqlite", "redis", "redis");
    private static final Map<String, String> ADAPTERS = Map.of("postgresql", "postgresql", "postgis", "postgresql",
            "mysql2", "mysql", "trilogy", "mysql", "sqlite3", "sqlite");

    private RubyApp() {
    }

    static TechStack describe(Path directory) {
        List<String> gems = gems(directory);
        Finding framework = framework(gems);
        Finding start = start(directory, framework.value());
        return new Description("ruby", ProjectFiles.has(directory, "Gemfile") ? "Gemfile" : "the app's Ruby files")
                .framework(framework)
                .runtime(runtime(directory))
                .buildTool(ProjectFiles.has(directory, "Gemfile")
                        ? new Finding("bundler", "build_tool bundler from Gemfile (bundle install)")
                        : new Finding("gem", "build_tool gem: there is no Gemfile"))
                .database(database(directory, gems), "requires_database false: the Gemfile lists no database "
                        + "adapter (pg, mysql2, trilogy, sqlite3, mongoid, redis)")
                .start(start)
                .port(port(directory, framework.value()), "port none: no Procfile, config/puma.rb, set :port or "
                        + "Dockerfile names one")
                .health(Description.health(directory, List.of("config/routes.rb", "config.ru", "app.rb"),
                        file -> file.getFileName().toString().endsWith(".rb")))
                .dependencies(gems)
                .stack();
    }

    private static List<String> gems(Path directory) {
        List<String> gems = new ArrayList<>();
        ProjectFiles.read(directory.resolve("Gemfile")).ifPresent(text -> {
            Matcher gem = GEM.matcher(text);
            while (gem.find()) {
                gems.add(gem.group(1));
            }
        });
        return gems;
    }

    private static Finding framework(List<String> gems) {
        return FRAMEWORKS.stream().filter(gems::contains).findFirst()
                .map(gem -> gem.equals("github-pages") ? "jekyll" : gem)
                .map(name -> new Finding(name, "framework " + name + " from Gemfile gem '" + name + "'"))
                .orElseGet(() -> new Finding("none", "framework none: the Gemfile names none of " + FRAMEWORKS));
    }

    private static Finding runtime(Path directory) {
        return Description.find(directory, "Gemfile", RUBY_LINE)
                .map(found -> new Finding(found.value(), "runtime_version " + found.value() + " from "
                        + found.where() + " (ruby)"))
                .or(() -> ProjectFiles.read(directory.resolve(".ruby-version")).map(String::strip)
                        .map(text -> text.replaceFirst("^ruby-", ""))
                        .filter(version -> !version.isEmpty())
                        .map(version -> new Finding(version, "runtime_version " + version + " from .ruby-version")))
                .orElseGet(() -> new Finding(DEFAULT_VERSION, "runtime_version " + DEFAULT_VERSION + " is the "
                        + "default: no ruby line in the Gemfile and no .ruby-version"));
    }

    /** The adapter of config/database.yml when there is one, else the first database gem. */
    private static Optional<Finding> database(Path directory, List<String> gems) {
        Optional<Finding> adapter = Description.find(directory, "config/database.yml", ADAPTER)
                .filter(found -> ADAPTERS.containsKey(found.value()))
                .map(found -> new Finding(ADAPTERS.get(found.value()), "database_type "
                        + ADAPTERS.get(found.value()) + " from " + found.where() + " adapter: " + found.value()));
        return adapter.or(() -> gems.stream().filter(DATABASE_GEMS::containsKey).findFirst()
                .map(gem -> new Finding(DATABASE_GEMS.get(gem), "database_type " + DATABASE_GEMS.get(gem)
                        + " from Gemfile gem '" + gem + "'")));
    }

    /**
     * The Procfile's web line; Rails' server on $PORT; a classic Sinatra app run as a script; rackup on
     * config.ru.
     */
    private static Finding start(Path directory, String framework) {
        Optional<String> web = Procfile.web(directory);
        if (web.isPresent()) {
            return new Finding(web.get(), "start_command '" + web.get() + "' from " + Procfile.SOURCE);
        }
        String command;
        String because;
        if (framework.equals("rails")) {
            command = "bundle exec rails server -b 127.0.0.1 -p $PORT";
            because = "Rails' server (bin/rails server), told to listen on $PORT";
        } else if (framework.equals("jekyll")) {
            command = "bundle exec jekyll serve --host 127.0.0.1 --port $PORT";
            because = "Jekyll's server";
        } else if (ProjectFiles.has(directory, "config.ru")) {
            command = "bundle exec rackup config.ru -o 127.0.0.1 -p $PORT";
            because = "config.ru, run by rackup";
        } else {
            String script = ProjectFiles.first(directory, List.of("app.rb", "server.rb", "main.rb", "web.rb"))
                    .orElse("app.rb");
            command = "bundle exec ruby " + script;
            because = script + ", a script that starts its own server";
        }
        return new Finding(command, "start_command '" + command + "' from " + because);
    }

    private static Optional<Finding> port(Path directory, String framework) {
        return Description.first(
                () -> Procfile.web(directory).flatMap(web -> DeclaredPort.inCommand(web, Procfile.SOURCE)),
                () -> pumaPort(directory),
                () -> ProjectFiles.first(directory, List.of("app.rb", "server.rb", "main.rb", "web.rb"))
                        .flatMap(file -> Description.find(directory, file, SINATRA_PORT))
                        .map(found -> PortSources.declaredAt(Integer.parseInt(found.value()), found.where()
                                + " (set :port)")),
                () -> PortSources.inDockerfile(directory, List.of("PORT")),
                () -> Optional.ofNullable(switch (framework) {
                    case "rails" -> PortSources.frameworkDefault(3000, "Rails' server (Puma)");
                    case "sinatra" -> PortSources.frameworkDefault(4567, "Sinatra");
                    case "jekyll" -> PortSources.frameworkDefault(4000, "jekyll serve");
                    default -> ProjectFiles.has(directory, "config.ru")
                            ? PortSources.frameworkDefault(9292, "rackup") : null;
                }));
    }

    private static Optional<Finding> pumaPort(Path directory) {
        return ProjectFiles.read(directory.resolve("config/puma.rb")).flatMap(text -> {
            Matcher matcher = PUMA_PORT.matcher(text);
            if (!matcher.find()) {
                return Optional.empty();
            }
            String port = matcher.group("a") != null ? matcher.group("a")
                    : matcher.group("b") != null ? matcher.group("b") : matcher.group("c");
            if (port == null) {
                return Optional.empty();
            }
            int line = ProjectFiles.lineOf(text, matcher.start());
            return Optional.of(PortSources.declaredAt(Integer.parseInt(port), "config/puma.rb line " + line
                    + " (" + matcher.group().strip() + ")"));
        });
    }

}
