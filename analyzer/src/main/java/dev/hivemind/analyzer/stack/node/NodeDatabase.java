package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.HealthPathScanner;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Database;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The database a Node.js app uses, judged by use rather than by its dependency list alone: Prisma's schema
 * ({@code datasource db { provider = "postgresql" }}, the app depending on no driver of its own), then the first
 * driver among the dependencies that the app uses: one its code imports or requires, or one an ORM that loads
 * drivers by name (Sequelize, TypeORM, Knex, Objection, MikroORM) is there to load. A driver listed but never
 * used is a decoy: it is named in the evidence and does not count.
 */
final class NodeDatabase {
    static final String PRISMA_SCHEMA = "prisma/schema.prisma";
    private static final Pattern PROVIDER = Pattern.compile(
            "datasource\\s+\\w+\\s*\\{[^}]*?\\bprovider\\s*=\\s*\"(\\w+)\"", Pattern.DOTALL);
    private static final Map<String, String> PRISMA_PROVIDERS = Map.of("postgresql", "postgresql", "postgres",
            "postgresql", "cockroachdb", "postgresql", "mysql", "mysql", "sqlite", "sqlite", "mongodb", "mongodb");
    /** ORMs that load the driver by name from their configuration, so the app never imports it itself. */
    private static final Set<String> LOADERS = Set.of("sequelize", "typeorm", "knex", "objection", "bookshelf",
            "@mikro-orm/core", "waterline");
    private static final Pattern SOURCE = Pattern.compile("^(?!.*\\.(?:test|spec)\\.)[^.].*\\.(?:[cm]?js|[cm]?ts|tsx)$");
    /** A module the code imports or requires: {@code require('pg')}, {@code from 'mysql2/promise'}. */
    private static final Pattern IMPORT = Pattern.compile(
            "(?:require\\(\\s*|\\bfrom\\s+|\\bimport\\s+|import\\(\\s*)['\"]([^'\"\\s]+)['\"]");
    private static final int SCAN_DEPTH = 4;
    private static final int MAX_SCANNED = 30;

    private NodeDatabase() {
    }

    static Database detect(Path directory, PackageJson packageJson, Optional<Path> entry) {
        Optional<Database> prisma = prisma(directory, packageJson);
        if (prisma.isPresent()) {
            return prisma.get();
        }
        List<Rule> listed = NodeLibraries.DATABASES.stream()
                .filter(rule -> packageJson.dependencies().stream().anyMatch(rule::matches)).toList();
        if (listed.isEmpty()) {
            return new Database(Optional.empty(), "requires_database false: package.json dependencies hold no "
                    + "database driver (" + NodeLibraries.DATABASES.stream().map(Rule::dependency)
                    .collect(Collectors.joining(", ")) + ") and there is no " + PRISMA_SCHEMA);
        }
        Optional<String> loader = packageJson.dependencies().stream().filter(LOADERS::contains).findFirst();
        if (loader.isPresent()) {
            Rule rule = listed.getFirst();
            return new Database(Optional.of(rule.value()), "database_type " + rule.value() + " from package.json "
                    + "dependencies." + rule.dependency() + ", which " + loader.get() + " loads");
        }
        List<String> imported = importedModules(directory, entry, listed);
        List<String> decoys = new ArrayList<>();
        for (Rule rule : listed) {
            Optional<String> where = imported.stream().filter(use -> use.startsWith(rule.dependency() + " "))
                    .findFirst();
            if (where.isPresent()) {
                return new Database(Optional.of(rule.value()), "database_type " + rule.value() + " from package.json "
                        + "dependencies." + rule.dependency() + ", imported in " + where.get()
                        .substring(rule.dependency().length() + 1) + decoyNote(decoys));
            }
            decoys.add(rule.dependency());
        }
        return new Database(Optional.empty(), "requires_database false: package.json lists " + String.join(", ",
                decoys) + " but no file of the app imports or requires " + (decoys.size() == 1 ? "it" : "them")
                + " and no ORM that loads drivers by name (Sequelize, TypeORM, Knex) is a dependency: a decoy");
    }

    private static String decoyNote(List<String> decoys) {
        return decoys.isEmpty() ? "" : " (" + String.join(", ", decoys) + " also listed, never imported: a decoy)";
    }

    private static Optional<Database> prisma(Path directory, PackageJson packageJson) {
        if (!packageJson.declares("@prisma/client") && !packageJson.declares("prisma")) {
            return Optional.empty();
        }
        return ProjectFiles.read(directory.resolve(PRISMA_SCHEMA)).map(PROVIDER::matcher).filter(Matcher::find)
                .filter(provider -> PRISMA_PROVIDERS.containsKey(provider.group(1)))
                .map(provider -> new Database(Optional.of(PRISMA_PROVIDERS.get(provider.group(1))), "database_type "
                        + PRISMA_PROVIDERS.get(provider.group(1)) + " from " + PRISMA_SCHEMA + " datasource provider "
                        + provider.group(1)));
    }

    /**
     * {@code name file} for each listed driver the app's sources import or require, in the order found: the files
     * the health scan reads (the entry file, those beside it and one directory below, the top-level ones), then
     * those in directories where a client usually lives ({@code db/}, {@code lib/}, {@code models/}, ...).
     */
    private static List<String> importedModules(Path directory, Optional<Path> entry, List<Rule> listed) {
        List<String> found = new ArrayList<>();
        Set<Path> files = new LinkedHashSet<>(HealthPathScanner.NODE.files(directory, entry));
        files.addAll(ProjectFiles.findInDirectoriesNamed(directory, SCAN_DEPTH, MAX_SCANNED,
                path -> SOURCE.matcher(path.getFileName().toString()).matches(), ProjectFiles.DATABASE_DIRECTORIES));
        for (Path file : files) {
            Matcher matcher = IMPORT.matcher(ProjectFiles.read(file).orElse(""));
            while (matcher.find()) {
                String module = matcher.group(1);
                listed.stream().map(Rule::dependency)
                        .filter(name -> module.equals(name) || module.startsWith(name + "/")).findFirst()
                        .ifPresent(name -> found.add(name + " " + ProjectFiles.relative(directory, file)));
            }
        }
        return found;
    }
}
