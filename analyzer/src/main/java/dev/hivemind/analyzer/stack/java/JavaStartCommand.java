package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a Java app starts and on which port. The builder lays every artifact out the same way ({@code app.jar}, or
 * Quarkus' {@code quarkus-app/} directory), so the command only depends on the framework:
 * <ul>
 * <li>Spring Boot: {@code -Dserver.port=$PORT -Dserver.address=127.0.0.1 -jar app.jar};</li>
 * <li>Quarkus: {@code -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -jar quarkus-app/quarkus-run.jar}
 * ({@code -jar app.jar} when {@code quarkus.package.jar.type} is {@code uber-jar});</li>
 * <li>Micronaut: {@code -Dmicronaut.server.port=$PORT -Dmicronaut.server.host=127.0.0.1 -jar app.jar};</li>
 * <li>Dropwizard: {@code -jar app.jar server [config.yml]} with the first application connector moved to
 * {@code $PORT} on 127.0.0.1 and the admin connector to a free port ({@code dw.} overrides);</li>
 * <li>Javalin and plain apps: {@code -jar app.jar}; the app must read {@code PORT} itself.</li>
 * </ul>
 * Every command runs the chosen JDK's {@code java} by its absolute path and passes {@code $JAVA_OPTS}.
 */
final class JavaStartCommand {
    static final String APP_JAR = "app.jar";
    static final String QUARKUS_APP = "quarkus-app";
    static final String QUARKUS_RUN = QUARKUS_APP + "/quarkus-run.jar";
    private static final List<String> DROPWIZARD_CONFIGS = List.of("config.yml", "config.yaml",
            "configuration.yml", "server.yml");
    private static final String NUMBER = "(?<value>\\d{2,5})";
    private static final List<Pattern> PORT_LITERALS = List.of(
            Pattern.compile("getOrDefault\\s*\\(\\s*\"PORT\"\\s*,\\s*\"" + NUMBER + "\"\\s*\\)"),
            Pattern.compile("\\.\\s*start\\s*\\(\\s*" + NUMBER + "\\s*\\)"),
            Pattern.compile("new\\s+InetSocketAddress\\s*\\(\\s*(?:[^,()]+,\\s*)?" + NUMBER + "\\s*\\)"),
            Pattern.compile("\\bport\\s*=\\s*" + NUMBER + "\\s*;"));

    private JavaStartCommand() {
    }

    /**
     * @param java     the {@code java} to run, e.g. {@code /usr/lib/jvm/java-17-openjdk-amd64/bin/java}
     * @param javaNote where {@code java} comes from, for the evidence line
     */
    static Finding command(Path directory, String framework, JavaAppConfig config, String java, String javaNote) {
        String launcher = "exec " + quote(java) + " $JAVA_OPTS ";
        String command = switch (framework) {
            case JavaLibraries.SPRING_BOOT -> launcher + "-Dserver.port=$PORT -Dserver.address=127.0.0.1 -jar "
                    + APP_JAR;
            case JavaLibraries.QUARKUS -> launcher + "-Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -jar "
                    + (quarkusUberJar(config) ? APP_JAR : QUARKUS_RUN);
            case JavaLibraries.MICRONAUT -> launcher + "-Dmicronaut.server.port=$PORT "
                    + "-Dmicronaut.server.host=127.0.0.1 -jar " + APP_JAR;
            case JavaLibraries.DROPWIZARD -> launcher + "\"-Ddw.server.applicationConnectors[0].port=$PORT\" "
                    + "\"-Ddw.server.applicationConnectors[0].bindHost=127.0.0.1\" "
                    + "\"-Ddw.server.adminConnectors[0].port=0\" "
                    + "\"-Ddw.server.adminConnectors[0].bindHost=127.0.0.1\" -jar " + APP_JAR + " server"
                    + ProjectFiles.first(directory, DROPWIZARD_CONFIGS).map(file -> " " + file).orElse("");
            default -> launcher + "-jar " + APP_JAR;
        };
        String how = switch (framework) {
            case JavaLibraries.SPRING_BOOT, JavaLibraries.QUARKUS, JavaLibraries.MICRONAUT, JavaLibraries.DROPWIZARD ->
                    "the " + framework + " framework, which is told to listen on $PORT at 127.0.0.1";
            default -> "a " + (framework.equals(JavaLibraries.JAVALIN) ? "Javalin" : "plain Java")
                    + " app, which must read the PORT environment variable itself";
        };
        return new Finding(command, "start_command '" + command + "' from " + how + "; " + javaNote);
    }

    /** The port the app listens on when nothing tells it otherwise, with the evidence either way. */
    static Optional<Finding> port(Path directory, JavaProject project, String framework, JavaAppConfig config) {
        Optional<String> key = switch (framework) {
            case JavaLibraries.SPRING_BOOT -> Optional.of("server.port");
            case JavaLibraries.QUARKUS -> Optional.of("quarkus.http.port");
            case JavaLibraries.MICRONAUT -> Optional.of("micronaut.server.port");
            default -> Optional.empty();
        };
        Optional<Finding> configured = key.flatMap(config::get).flatMap(found -> number(found.value())
                .map(port -> new Finding(port, "port " + port + " from " + found.evidence())));
        if (configured.isPresent()) {
            return configured;
        }
        Optional<Finding> inDockerfile = PortSources.inDockerfile(directory, List.of("PORT", "SERVER_PORT"));
        if (inDockerfile.isPresent() && (key.isPresent() || framework.equals(JavaLibraries.DROPWIZARD))) {
            return inDockerfile;
        }
        if (key.isPresent() || framework.equals(JavaLibraries.DROPWIZARD)) {
            return Optional.of(new Finding("8080", "port 8080 is the " + framework + " default" + key.map(name ->
                    " (no " + name + " in " + JavaAppConfig.RESOURCES + "application.properties or .yml)")
                    .orElse("")));
        }
        Optional<Finding> literal = JavaSourceScan.first(directory, project.modules(), PORT_LITERALS,
                        value -> number(value).isPresent())
                .map(found -> new Finding(found.value(), "port " + found.value() + " from " + found.evidence()));
        if (literal.isEmpty() && inDockerfile.isPresent()) {
            return inDockerfile;
        }
        if (literal.isEmpty() && framework.equals(JavaLibraries.JAVALIN)) {
            return Optional.of(new Finding("8080", "port 8080 is the javalin default (no port literal such as "
                    + ".start(7070) in the main sources)"));
        }
        return literal;
    }

    /** The default of {@code ${PORT:8081}}, or the number itself; empty for anything else. */
    private static Optional<String> number(String value) {
        String candidate = value.strip().replaceAll("^\\$\\{[^:}]+:(\\d+)}$", "$1");
        if (!candidate.matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(candidate);
        return port >= 1 && port <= 65_535 ? Optional.of(String.valueOf(port)) : Optional.empty();
    }

    private static boolean quarkusUberJar(JavaAppConfig config) {
        return config.get("quarkus.package.jar.type").or(() -> config.get("quarkus.package.type"))
                .filter(found -> found.value().equals("uber-jar")).isPresent();
    }

    /** {@code value} in single quotes for a POSIX shell. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
