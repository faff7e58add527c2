package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.node.NodeLibraries.Database;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database a Java app uses, judged by its configuration before its dependency list: the datasource URL the app
 * configures ({@code spring.datasource.url}, Micronaut's {@code datasources.default.url}, Quarkus'
 * {@code quarkus.datasource.jdbc.url} or {@code db-kind}; the default of a {@code ${VAR:jdbc:...}} placeholder
 * counts); else, for Spring Boot with no URL configured and the H2 driver present, that embedded
 * database, which Spring Boot starts by itself (Spring PetClinic's default); else the first driver declared
 * ({@link JavaLibraries#database}), server databases before embedded ones.
 */
final class JavaDatabase {
    private static final List<String> URL_KEYS = List.of("spring.datasource.url", "spring.r2dbc.url",
            "datasources.default.url", "quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url");
    private static final Pattern URL = Pattern.compile("\\b(?:jdbc|r2dbc):(postgresql|mysql|mariadb|h2|sqlite"
            + "|sqlserver|oracle)\\b|\\b(postgresql|mysql|mariadb)://");
    private static final Map<String, String> TYPES = Map.of("postgresql", "postgresql", "mysql", "mysql", "mariadb",
            "mysql", "h2", "h2", "sqlite", "sqlite", "db2", "db2", "mssql", "sqlserver",
            "sqlserver", "sqlserver", "oracle", "oracle");
    private static final List<String> EMBEDDED = List.of("com.h2database:h2");

    private JavaDatabase() {
    }

    static Database detect(JavaProject project, JavaAppConfig config, String framework) {
        return configured(config)
                .or(() -> framework.equals(JavaLibraries.SPRING_BOOT) ? springBootEmbedded(project) : Optional.empty())
                .orElseGet(() -> JavaLibraries.database(project));
    }

    private static Optional<Database> configured(JavaAppConfig config) {
        for (String key : URL_KEYS) {
            Optional<Finding> url = config.get(key);
            if (url.isPresent()) {
                Matcher matcher = URL.matcher(url.get().value());
                if (matcher.find()) {
                    String scheme = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                    return Optional.of(found(TYPES.get(scheme), url.get().evidence() + " (" + url.get().value()
                            + ")"));
                }
            }
        }
        return config.get("quarkus.datasource.db-kind").filter(kind -> TYPES.containsKey(kind.value()))
                .map(kind -> found(TYPES.get(kind.value()), kind.evidence() + " " + kind.value()));
    }

    /** Spring Boot starts an embedded database by itself when a driver for one is there and no URL is set. */
    private static Optional<Database> springBootEmbedded(JavaProject project) {
        return project.runtime().stream().filter(dependency -> EMBEDDED.contains(dependency.name())).findFirst()
                .map(driver -> found(TYPES.get(driver.artifact()), driver.source() + ": no datasource URL is "
                        + "configured, so Spring Boot starts this embedded database"));
    }

    private static Database found(String type, String source) {
        return new Database(Optional.of(type), "database_type " + type + " from " + source);
    }
}
