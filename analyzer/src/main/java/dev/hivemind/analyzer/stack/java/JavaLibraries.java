package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Database;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a Java build's declarations say: its framework and its database. Ordered rule lists, the first matching rule
 * winning; test-only declarations never count. A framework is recognized from its parent, a library or a plugin
 * (Maven or Gradle) of its group; a database from its JDBC driver or client library, server databases before the
 * embedded H2 and SQLite (an app that keeps H2 for development and PostgreSQL for production needs PostgreSQL).
 */
final class JavaLibraries {
    static final String SPRING_BOOT = "spring-boot";
    static final String QUARKUS = "quarkus";
    static final String MICRONAUT = "micronaut";
    static final String JAVALIN = "javalin";
    static final String DROPWIZARD = "dropwizard";

    static final List<Rule> FRAMEWORKS = List.of(
            new Rule("org.springframework.boot (parent, starter or plugin)", SPRING_BOOT,
                    group("org.springframework.boot")),
            new Rule("io.quarkus", QUARKUS, group("io.quarkus").or(groupPrefix("io.quarkus."))),
            new Rule("io.micronaut", MICRONAUT, groupPrefix("io.micronaut")),
            new Rule("io.javalin", JAVALIN, group("io.javalin")),
            new Rule("io.dropwizard", DROPWIZARD, groupPrefix("io.dropwizard")));

    static final List<Rule> DATABASES = List.of(
            new Rule("org.postgresql:postgresql", "postgresql", coordinates("org.postgresql", "postgresql")
                    .or(coordinates("io.quarkus", "quarkus-jdbc-postgresql"))
                    .or(coordinates("io.quarkus", "quarkus-reactive-pg-client"))),
            new Rule("com.mysql:mysql-connector-j", "mysql", coordinates("com.mysql", "mysql-connector-j")
                    .or(coordinates("mysql", "mysql-connector-java"))
                    .or(coordinates("io.quarkus", "quarkus-jdbc-mysql"))),
            new Rule("org.mariadb.jdbc:mariadb-java-client", "mysql",
                    coordinates("org.mariadb.jdbc", "mariadb-java-client")
                    .or(coordinates("io.quarkus", "quarkus-jdbc-mariadb"))),
            new Rule("org.mongodb:*", "mongodb", group("org.mongodb")
                    .or(coordinates("org.springframework.boot", "spring-boot-starter-data-mongodb"))
                    .or(coordinates("io.quarkus", "quarkus-mongodb-client"))),
            new Rule("redis.clients:jedis", "redis", coordinates("redis.clients", "jedis")
                    .or(coordinates("io.lettuce", "lettuce-core"))
                    .or(coordinates("org.springframework.boot", "spring-boot-starter-data-redis"))
                    .or(coordinates("org.springframework.boot", "spring-boot-starter-data-redis-reactive"))
                    .or(coordinates("io.quarkus", "quarkus-redis-client"))),
            new Rule("com.h2database:h2", "h2", coordinates("com.h2database", "h2")),
            new Rule("org.xerial:sqlite-jdbc", "sqlite", coordinates("org.xerial", "sqlite-jdbc")));

    private JavaLibraries() {
    }

    static Finding framework(JavaProject project) {
        return first(FRAMEWORKS, project)
                .map(match -> new Finding(match.rule().value(), "framework " + match.rule().value() + " from "
                        + match.dependency().source()))
                .orElseGet(() -> new Finding(NodeLibraries.NO_FRAMEWORK, "framework none: " + project.buildFile()
                        + " declares nothing of Spring Boot, Quarkus, Micronaut, Javalin or Dropwizard (a plain "
                        + "Java app)"));
    }

    /** The database the app's driver talks to; the evidence line is given either way. */
    static Database database(JavaProject project) {
        return first(DATABASES, project)
                .map(match -> new Database(Optional.of(match.rule().value()), "database_type "
                        + match.rule().value() + " from " + match.dependency().source()
                        + (match.dependency().artifact().startsWith("mariadb") ? " (MariaDB, which speaks MySQL's "
                        + "protocol)" : "")))
                .orElseGet(() -> new Database(Optional.empty(), "requires_database false: " + project.buildFile()
                        + " declares no database driver outside tests (looked for " + String.join(", ",
                        DATABASES.stream().map(Rule::shown).toList()) + ")"));
    }

    /** Whether the app needs {@code group:artifact} to run. */
    static Optional<JavaDependency> runtimeDependency(JavaProject project, String group, String artifact) {
        return project.runtime().stream().filter(coordinates(group, artifact)).findFirst();
    }

    private static Optional<Match> first(List<Rule> rules, JavaProject project) {
        for (Rule rule : rules) {
            Optional<JavaDependency> found = project.runtime().stream().filter(rule.matches()).findFirst();
            if (found.isPresent()) {
                return Optional.of(new Match(rule, found.get()));
            }
        }
        return Optional.empty();
    }

    private static Predicate<JavaDependency> group(String group) {
        return dependency -> dependency.group().equals(group);
    }

    private static Predicate<JavaDependency> groupPrefix(String prefix) {
        return dependency -> dependency.group().startsWith(prefix);
    }

    private static Predicate<JavaDependency> coordinates(String group, String artifact) {
        return dependency -> dependency.group().equals(group) && dependency.artifact().equals(artifact);
    }

    /** A declaration whose presence gives an answer. */
    record Rule(String shown, String value, Predicate<JavaDependency> matches) {
    }

    private record Match(Rule rule, JavaDependency dependency) {
    }
}
