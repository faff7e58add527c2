package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The health path of a Java app: the framework's own endpoint when its health module is a dependency (Spring Boot
 * Actuator's {@code /actuator/health}, under {@code management.endpoints.web.base-path} when set; SmallRye Health's
 * {@code /q/health} in Quarkus; {@code /health} from Micronaut's management module), else a route literal in the
 * main sources ({@code @GetMapping("/health")}, {@code @Path("/health")}, {@code app.get("/health", ...)},
 * {@code server.createContext("/health", ...)}, {@code "/health".equals(path)}, {@code case "/health" ->}).
 */
final class JavaHealthPaths {
    private static final Pattern HEALTH = Pattern.compile(
            "/(?:api/)?(?:health|healthz|healthcheck|health-check|_health|up|ping|livez|readyz|ready|status)",
            Pattern.CASE_INSENSITIVE);
    private static final String PATH = "\"(?<value>/?[A-Za-z0-9_./-]*)\"";
    private static final List<Pattern> ROUTES = List.of(
            Pattern.compile("@(?:GetMapping|RequestMapping|Path|Get|Head)\\s*\\(\\s*(?:(?:value|path|uri)\\s*=\\s*)?"
                    + "\\{?\\s*" + PATH),
            Pattern.compile("\\.\\s*(?:get|head|route|createContext|path)\\s*\\(\\s*" + PATH),
            Pattern.compile(PATH + "\\s*\\.\\s*equals(?:IgnoreCase)?\\s*\\("),
            Pattern.compile("\\.\\s*equals(?:IgnoreCase)?\\s*\\(\\s*" + PATH + "\\s*\\)"),
            Pattern.compile("\\bcase\\s+" + PATH + "\\s*(?:->|:|,)"));

    private JavaHealthPaths() {
    }

    static Optional<Finding> detect(Path directory, JavaProject project, String framework,
                                    JavaAppConfig config) {
        return frameworkEndpoint(project, framework, config)
                .or(() -> JavaSourceScan.first(directory, project.modules(), ROUTES,
                                path -> HEALTH.matcher(normalize(path)).matches())
                        .map(found -> new Finding(normalize(found.value()), "health_check_path "
                                + normalize(found.value()) + " from " + found.evidence())));
    }

    private static Optional<Finding> frameworkEndpoint(JavaProject project, String framework, JavaAppConfig config) {
        return switch (framework) {
            case JavaLibraries.SPRING_BOOT -> JavaLibraries.runtimeDependency(project, MavenPom.SPRING_BOOT_GROUP,
                    "spring-boot-starter-actuator").map(actuator -> actuator(actuator, config));
            case JavaLibraries.QUARKUS -> JavaLibraries.runtimeDependency(project, "io.quarkus",
                    "quarkus-smallrye-health").map(health -> new Finding("/q/health", "health_check_path /q/health "
                    + "from " + health.source() + " (SmallRye Health's endpoint)"));
            case JavaLibraries.MICRONAUT -> JavaLibraries.runtimeDependency(project, "io.micronaut",
                    "micronaut-management").map(management -> new Finding("/health", "health_check_path /health "
                    + "from " + management.source() + " (Micronaut's health endpoint)"));
            default -> Optional.empty();
        };
    }

    private static Finding actuator(JavaDependency actuator, JavaAppConfig config) {
        Optional<Finding> basePath = config.get("management.endpoints.web.base-path");
        String base = basePath.map(Finding::value).map(JavaHealthPaths::normalize).orElse("/actuator");
        String path = (base.equals("/") ? "" : base) + "/health";
        return new Finding(path, "health_check_path " + path + " from " + actuator.source() + " (Spring Boot "
                + "Actuator's health endpoint" + basePath.map(found -> ", under " + found.evidence()).orElse("")
                + ")");
    }

    private static String normalize(String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        return absolute.length() > 1 && absolute.endsWith("/")
                ? absolute.substring(0, absolute.length() - 1) : absolute;
    }
}
