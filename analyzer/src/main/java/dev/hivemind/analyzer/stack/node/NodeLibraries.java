package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.Finding;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an app's {@code dependencies} say: its web framework and its database. Each is an ordered rule list, the
 * first matching rule winning, so framework-specific packages come before generic ones (NestJS runs on Express and
 * depends on it, so {@code @nestjs/core} is looked for first; a Remix app served by Express is Remix). The
 * meta-frameworks, whose templates often list them as devDependencies because they are build tools too, are also
 * looked for in {@code devDependencies}; a server library there (a test's fastify) does not count.
 */
public final class NodeLibraries {
    public static final String NO_FRAMEWORK = "none";

    static final List<Rule> FRAMEWORKS = List.of(
            new Rule("@nestjs/core", "nestjs"),
            new Rule("next", "next"),
            new Rule("nuxt", "nuxt"),
            new Rule("@remix-run/*", "remix"),
            new Rule("@sveltejs/kit", "sveltekit"),
            new Rule("astro", "astro"),
            new Rule("fastify", "fastify"),
            new Rule("koa", "koa"),
            new Rule("@hapi/hapi", "hapi"),
            new Rule("hono", "hono"),
            new Rule("@feathersjs/feathers", "feathers"),
            new Rule("express", "express"));

    static final List<Rule> DATABASES = List.of(
            new Rule("pg", "postgresql"),
            new Rule("postgres", "postgresql"),
            new Rule("@neondatabase/serverless", "postgresql"),
            new Rule("@vercel/postgres", "postgresql"),
            new Rule("mysql", "mysql"),
            new Rule("mysql2", "mysql"),
            new Rule("mariadb", "mysql"),
            new Rule("mongodb", "mongodb"),
            new Rule("mongoose", "mongodb"),
            new Rule("redis", "redis"),
            new Rule("ioredis", "redis"),
            new Rule("sqlite3", "sqlite"),
            new Rule("better-sqlite3", "sqlite"));

    private NodeLibraries() {
    }

    /** The frameworks also looked for in devDependencies. */
    static final Set<String> META_FRAMEWORKS = Set.of("next", "nuxt", "remix", "sveltekit", "astro");

    static Finding framework(PackageJson packageJson) {
        for (Rule rule : FRAMEWORKS) {
            Optional<Finding> found = declared(rule, packageJson.dependencies(), "dependencies")
                    .or(() -> META_FRAMEWORKS.contains(rule.value())
                            ? declared(rule, packageJson.devDependencies(), "devDependencies") : Optional.empty());
            if (found.isPresent()) {
                return found.get();
            }
        }
        return new Finding(NO_FRAMEWORK, "framework none: package.json dependencies hold none of "
                + FRAMEWORKS.stream().map(Rule::dependency).collect(Collectors.joining(", ")));
    }

    private static Optional<Finding> declared(Rule rule, List<String> names, String field) {
        return names.stream().filter(rule::matches).findFirst().map(name -> new Finding(rule.value(),
                "framework " + rule.value() + " from package.json " + field + "." + name));
    }

    /** A dependency whose presence gives an answer; {@code @scope/*} stands for any package of the scope. */
    public record Rule(String dependency, String value) {
        boolean matches(String name) {
            return dependency.endsWith("/*") ? name.startsWith(dependency.substring(0, dependency.length() - 1))
                    : name.equals(dependency);
        }
    }

    /** The database type when a driver is present, and the evidence. */
    public record Database(Optional<String> type, String evidence) {
    }
}
