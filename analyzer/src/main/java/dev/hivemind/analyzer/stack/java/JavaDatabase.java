package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.api.TechStack;
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
 * ({@link JavaLibraries#database}), server databases before embedded ones. An app whose default configuration runs on
 * an embedded database (H2, SQLite) but that has a {@code postgres} profile ({@code application-postgres.properties}
 * or {@code .yml}) with a PostgreSQL URL or the PostgreSQL driver <em>offers</em> PostgreSQL: it gets one, and the
 * profile is activated when it starts; it is not said to require it.
 */
final class JavaDatabase {
    private static final List<String> URL_KEYS = List.of("spring.datasource.url", "spring.r2dbc.url",
            "datasources.default.url", "quarkus.datasource.jdbc.url", "quarkus.datasource.reactive.url");
    private static final Pattern URL = Pattern.compile("\\b(?:jdbc|r2dbc):(postgresql|mysql|mariadb|h2|sqlite"
            + "|hsqldb|derby|sqlserver|oracle)\\b|\\b(postgresql|mysql|mariadb)://");
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("postgresql", "postgresql"),
            Map.entry("mysql", "mysql"), Map.entry("mariadb", "mysql"), Map.entry("h2", "h2"),
            Map.entry("sqlite", "sqlite"), Map.entry("hsqldb", "hsqldb"), Map.entry("derby", "derby"),
            Map.entry("db2", "db2"), Map.entry("mssql", "sqlserver"), Map.entry("sqlserver", "sqlserver"),
            Map.entry("oracle", "oracle"));
    /** The embedded databases Spring Boot starts by itself when no URL is set, by driver, with their type. */
    private static final Map<String, String> EMBEDDED = Map.of("com.h2database:h2", "h2", "org.hsqldb:hsqldb",
            "hsqldb", "org.apache.derby:derby", "derby");

    private JavaDatabase() {
    }

    /** What evidence of a database the app offers through its {@code postgres} profile starts with. */
    static final String OFFERED = TechStack.DATABASE_OFFERED + "the postgres profile";

    /**
     * @param postgresProfile the settings of the app's {@code postgres} profile (none when it has no such file)
     */
    static Database detect(JavaProject project, JavaAppConfig config, JavaAppConfig postgresProfile,
                           String framework) {
        Optional<Database> byDefault = configured(config)
                .or(() -> framework.equals(JavaLibraries.SPRING_BOOT) ? springBootEmbedded(project) : Optional.empty());
        if (byDefault.isPresent()) {
            return byDefault.filter(found -> found.type().filter(TechStack.EMBEDDED_DATABASES::contains).isPresent())
                    .flatMap(embedded -> offered(project, postgresProfile, embedded)).orElse(byDefault.get());
        }
        return JavaLibraries.database(project);
    }

    /**
     * PostgreSQL offered by the {@code postgres} profile of an app on an embedded database by default: the profile
     * names a PostgreSQL URL, or names none and the app has the PostgreSQL driver.
     */
    private static Optional<Database> offered(JavaProject project, JavaAppConfig profile, Database embedded) {
        Optional<String> file = profile.present();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<Database> url = configured(profile);
        boolean postgres = url.isPresent() ? url.get().type().filter("postgresql"::equals).isPresent()
                : JavaLibraries.runtimeDependency(project, "org.postgresql", "postgresql").isPresent();
        if (!postgres) {
            return Optional.empty();
        }
        String source = url.map(found -> found.evidence().replaceFirst("^database_type postgresql from ", ""))
                .orElse(file.get() + ", with org.postgresql:postgresql among the dependencies");
        String byDefault = embedded.evidence().replaceFirst("^database_type ", "");
        return Optional.of(new Database(Optional.of("postgresql"), OFFERED + " (" + source + "); by default the "
                + "app runs on embedded " + byDefault + ", whose data does not outlive a release: HiveMind runs "
                + "PostgreSQL for it and activates that profile"));
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
        return project.runtime().stream().filter(dependency -> EMBEDDED.containsKey(dependency.name())).findFirst()
                .map(driver -> found(EMBEDDED.get(driver.name()), driver.source() + ": no datasource URL is "
                        + "configured, so Spring Boot starts this embedded database"));
    }

    private static Database found(String type, String source) {
        return new Database(Optional.of(type), "database_type " + type + " from " + source);
    }
}
