package dev.hivemind.target.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * What a Java app reads to find its database, beside {@code DATABASE_URL}, which Spring Boot and most Java apps
 * ignore: Heroku's {@code JDBC_DATABASE_URL}, {@code JDBC_DATABASE_USERNAME} and {@code JDBC_DATABASE_PASSWORD}, and
 * Spring Boot's {@code SPRING_DATASOURCE_URL}, {@code _USERNAME} and {@code _PASSWORD}; and, when the app has a
 * {@code postgres} Spring profile ({@code application-postgres.properties} or {@code .yml}, in its sources or its
 * jar), {@code SPRING_PROFILES_ACTIVE=postgres}. A variable the release already sets is left as it is.
 */
public final class JavaDatabaseVariables {
    static final String PROFILE = "postgres";
    private static final Pattern JAVA = Pattern.compile("(?:^|[\\s/'\"])java['\"]?\\s");
    private static final List<String> PROFILE_FILES = List.of("application-postgres.properties",
            "application-postgres.yml", "application-postgres.yaml");

    private JavaDatabaseVariables() {
    }

    /**
     * The variables to add for a release started with {@code startCommand} from {@code artifact}, given the
     * {@code postgresql://user:password@host:port/database} URL of its database; empty for an app that is not Java.
     */
    public static Map<String, String> of(String startCommand, Path artifact, String databaseUrl) {
        if (!JAVA.matcher(startCommand).find()) {
            return Map.of();
        }
        URI uri = URI.create(databaseUrl);
        String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getRawPath();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("JDBC_DATABASE_URL", jdbc);
        variables.put("JDBC_DATABASE_USERNAME", user);
        variables.put("JDBC_DATABASE_PASSWORD", password);
        variables.put("SPRING_DATASOURCE_URL", jdbc);
        variables.put("SPRING_DATASOURCE_USERNAME", user);
        variables.put("SPRING_DATASOURCE_PASSWORD", password);
        if (hasPostgresProfile(artifact)) {
            variables.put("SPRING_PROFILES_ACTIVE", PROFILE);
        }
        return variables;
    }

    /** Whether the sources in the artifact or its {@code app.jar} hold an {@code application-postgres} file. */
    static boolean hasPostgresProfile(Path artifact) {
        Path resources = artifact.resolve("src/main/resources");
        if (PROFILE_FILES.stream().anyMatch(name -> Files.isRegularFile(resources.resolve(name)))) {
            return true;
        }
        Path jar = artifact.resolve("app.jar");
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return PROFILE_FILES.stream().anyMatch(name -> zip.getEntry("BOOT-INF/classes/" + name) != null
                    || zip.getEntry(name) != null);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
