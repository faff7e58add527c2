package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Database;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Rule;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a Python app's direct dependencies say: its web framework and its database. Ordered rule lists, the first
 * matching rule winning, framework-specific packages first (FastAPI is built on Starlette and depends on it, so
 * {@code fastapi} is looked for before {@code starlette}).
 */
final class PythonLibraries {
    static final List<Rule> FRAMEWORKS = List.of(
            new Rule("django", "django"),
            new Rule("fastapi", "fastapi"),
            new Rule("starlette", "starlette"),
            new Rule("flask", "flask"),
            new Rule("tornado", "tornado"),
            new Rule("aiohttp", "aiohttp"));

    static final List<Rule> DATABASES = List.of(
            new Rule("psycopg2", "postgresql"),
            new Rule("psycopg2-binary", "postgresql"),
            new Rule("psycopg", "postgresql"),
            new Rule("asyncpg", "postgresql"),
            new Rule("mysqlclient", "mysql"),
            new Rule("pymysql", "mysql"),
            new Rule("pymongo", "mongodb"),
            new Rule("motor", "mongodb"),
            new Rule("redis", "redis"));

    private PythonLibraries() {
    }

    static Finding framework(PythonProject project) {
        return first(FRAMEWORKS, project)
                .map(match -> new Finding(match.rule().value(), "framework " + match.rule().value() + " from "
                        + match.source()))
                .orElseGet(() -> new Finding(NodeLibraries.NO_FRAMEWORK, "framework none: the dependencies hold "
                        + "none of " + names(FRAMEWORKS)));
    }

    private static Optional<Match> first(List<Rule> rules, PythonProject project) {
        return rules.stream().flatMap(rule -> project.dependency(rule.dependency())
                .map(dependency -> new Match(rule, dependency.source())).stream()).findFirst();
    }

    private static String names(List<Rule> rules) {
        return rules.stream().map(Rule::dependency).collect(Collectors.joining(", "));
    }

    private record Match(Rule rule, String source) {
    }
}
