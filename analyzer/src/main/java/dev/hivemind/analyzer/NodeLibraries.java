package dev.hivemind.analyzer;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an app's {@code dependencies} say: its web framework and its database. Each is an ordered rule list, the
 * first matching rule winning, so framework-specific packages come before generic ones (NestJS runs on Express and
 * depends on it, so {@code @nestjs/core} is looked for first).
 */
final class NodeLibraries {
    static final String NO_FRAMEWORK = "none";

    static final List<Rule> FRAMEWORKS = List.of(
            new Rule("@nestjs/core", "nestjs"),
            new Rule("next", "next"),
            new Rule("fastify", "fastify"),
            new Rule("koa", "koa"),
            new Rule("@hapi/hapi", "hapi"),
            new Rule("express", "express"));

    static final List<Rule> DATABASES = List.of(
            new Rule("pg", "postgresql"),
            new Rule("mysql", "mysql"),
            new Rule("mysql2", "mysql"),
            new Rule("mongodb", "mongodb"),
            new Rule("mongoose", "mongodb"),
            new Rule("redis", "redis"),
            new Rule("ioredis", "redis"),
            new Rule("sqlite3", "sqlite"),
            new Rule("better-sqlite3", "sqlite"));

    private NodeLibraries() {
    }

    static Finding framework(List<String> dependencies) {
        return first(FRAMEWORKS, dependencies)
                .map(rule -> new Finding(rule.value(), "framework " + rule.value()
                        + " from package.json dependencies." + rule.dependency()))
                .orElseGet(() -> new Finding(NO_FRAMEWORK, "framework none: package.json dependencies hold none of "
                        + FRAMEWORKS.stream().map(Rule::dependency).collect(Collectors.joining(", "))));
    }

    /** The database the app's driver talks to; the evidence line is given either way. */
    static Database database(List<String> dependencies) {
        return first(DATABASES, dependencies)
                .map(rule -> new Database(Optional.of(rule.value()), "database_type " + rule.value()
                        + " from package.json dependencies." + rule.dependency()))
                .orElseGet(() -> new Database(Optional.empty(), "requires_database false: package.json "
                        + "dependencies hold no database driver ("
                        + DATABASES.stream().map(Rule::dependency).collect(Collectors.joining(", ")) + ")"));
    }

    private static Optional<Rule> first(List<Rule> rules, List<String> dependencies) {
        return rules.stream().filter(rule -> dependencies.contains(rule.dependency())).findFirst();
    }

    /** A dependency whose presence gives an answer. */
    record Rule(String dependency, String value) {
    }

    /** The database type when a driver is present, and the evidence. */
    record Database(Optional<String> type, String evidence) {
    }
}
