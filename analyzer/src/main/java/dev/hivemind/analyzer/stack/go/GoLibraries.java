package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.go.GoSources.ExternalImport;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a Go app's imports say: its web framework and its database. Only imports count (of the packages linked into
 * the binary, test files left out), not go.mod alone: a module go.mod requires, even directly, is not used unless a
 * package imports it, and an {@code // indirect} requirement is a dependency of a dependency. Each list is ordered,
 * the first rule with an import winning, so the frameworks come before {@code net/http}, which they all import.
 */
final class GoLibraries {
    static final String NO_FRAMEWORK = "none";

    static final List<NodeLibraries.Rule> FRAMEWORKS = List.of(
            new NodeLibraries.Rule("github.com/gin-gonic/gin", "gin"),
            new NodeLibraries.Rule("github.com/labstack/echo", "echo"),
            new NodeLibraries.Rule("github.com/gofiber/fiber", "fiber"),
            new NodeLibraries.Rule("github.com/go-chi/chi", "chi"),
            new NodeLibraries.Rule("github.com/gorilla/mux", "gorilla"),
            new NodeLibraries.Rule("github.com/julienschmidt/httprouter", "httprouter"),
            new NodeLibraries.Rule("net/http", "net/http"));

    static final List<NodeLibraries.Rule> DATABASES = List.of(
            new NodeLibraries.Rule("github.com/lib/pq", "postgresql"),
            new NodeLibraries.Rule("github.com/jackc/pgx", "postgresql"),
            new NodeLibraries.Rule("gorm.io/driver/postgres", "postgresql"),
            new NodeLibraries.Rule("github.com/jinzhu/gorm/dialects/postgres", "postgresql"),
            new NodeLibraries.Rule("github.com/go-sql-driver/mysql", "mysql"),
            new NodeLibraries.Rule("gorm.io/driver/mysql", "mysql"),
            new NodeLibraries.Rule("github.com/jinzhu/gorm/dialects/mysql", "mysql"),
            new NodeLibraries.Rule("go.mongodb.org/mongo-driver", "mongodb"),
            new NodeLibraries.Rule("github.com/redis/go-redis", "redis"),
            new NodeLibraries.Rule("github.com/go-redis/redis", "redis"),
            new NodeLibraries.Rule("github.com/mattn/go-sqlite3", "sqlite"),
            new NodeLibraries.Rule("modernc.org/sqlite", "sqlite"),
            new NodeLibraries.Rule("gorm.io/driver/sqlite", "sqlite"),
            new NodeLibraries.Rule("github.com/jinzhu/gorm/dialects/sqlite", "sqlite"),
            new NodeLibraries.Rule("github.com/glebarez/sqlite", "sqlite"));

    private GoLibraries() {
    }

    static Finding framework(List<ExternalImport> imports, GoMod mod) {
        return first(FRAMEWORKS, imports)
                .map(found -> new Finding(found.rule().value(), "framework " + found.rule().value()
                        + " from the import of " + found.imported().path() + " in " + found.imported().file()
                        + required(found.rule(), mod)))
                .orElseGet(() -> new Finding(NO_FRAMEWORK, "framework none: the main package and the packages it "
                        + "imports import none of " + modules(FRAMEWORKS) + unused(FRAMEWORKS, mod)));
    }

    static NodeLibraries.Database database(List<ExternalImport> imports, GoMod mod) {
        return first(DATABASES, imports)
                .map(found -> new NodeLibraries.Database(Optional.of(found.rule().value()), "database_type "
                        + found.rule().value() + " from the import of " + found.imported().path() + " in "
                        + found.imported().file()))
                .orElseGet(() -> new NodeLibraries.Database(Optional.empty(), "requires_database false: the main "
                        + "package and the packages it imports import no database driver (" + modules(DATABASES)
                        + ")" + unused(DATABASES, mod)));
    }

    /** Whether {@code importPath} is the rule's module or one of its packages (a major version suffix included). */
    static boolean matches(NodeLibraries.Rule rule, String importPath) {
        return importPath.equals(rule.dependency()) || importPath.startsWith(rule.dependency() + "/");
    }

    private static Optional<Match> first(List<NodeLibraries.Rule> rules, List<ExternalImport> imports) {
        for (NodeLibraries.Rule rule : rules) {
            Optional<ExternalImport> imported = imports.stream().filter(i -> matches(rule, i.path())).findFirst();
            if (imported.isPresent()) {
                return Optional.of(new Match(rule, imported.get()));
            }
        }
        return Optional.empty();
    }

    private static String required(NodeLibraries.Rule rule, GoMod mod) {
        return mod.requirements().stream().filter(requirement -> matches(rule, requirement.path())).findFirst()
                .map(requirement -> " (go.mod requires " + requirement.path() + " " + requirement.version() + ")")
                .orElse("");
    }

    /** The rules' modules go.mod requires although nothing imports them, said so the decoy is visible. */
    private static String unused(List<NodeLibraries.Rule> rules, GoMod mod) {
        List<String> listed = mod.requirements().stream()
                .filter(requirement -> rules.stream().anyMatch(rule -> matches(rule, requirement.path())))
                .map(requirement -> requirement.path() + (requirement.indirect() ? " // indirect" : ""))
                .toList();
        return listed.isEmpty() ? "" : "; go.mod lists " + String.join(", ", listed) + " but no package of the app "
                + "imports " + (listed.size() == 1 ? "it" : "them");
    }

    private static String modules(List<NodeLibraries.Rule> rules) {
        return rules.stream().map(NodeLibraries.Rule::dependency).collect(Collectors.joining(", "));
    }

    private record Match(NodeLibraries.Rule rule, ExternalImport imported) {
    }
}
