package dev.hivemind.cli.command;

import dev.hivemind.analyzer.config.ConfigSchema;
import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.api.TechStack;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code hivemind init} writes into {@code hivemind.yaml}: the detected values or the user's answers.
 *
 * @param app         the app's name
 * @param port        the port the app listens on, when the code declares one or the user gave one
 * @param healthPath  the health check path
 * @param strategy    the deployment strategy
 * @param environment the environment the user deploys to first (named in the next step)
 * @param start       the start command of the file {@code init --force} replaces, kept: it may be what starts an app
 *                    detection finds no start command for
 * @param build       the build command of the replaced file, kept for the same reason
 */
record InitAnswers(String app, Optional<Integer> port, String healthPath, String strategy, String environment,
                   Optional<String> start, Optional<String> build) {
    InitAnswers {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(healthPath, "healthPath");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(environment, "environment");
    }

    /** The file's text: the schema comment for editors, the answers, and an empty overlay per environment. */
    String render(TechStack stack) {
        StringBuilder yaml = new StringBuilder()
                .append("# yaml-language-server: $schema=").append(ConfigSchema.URL).append('\n')
                .append("# Written by hivemind init for a ").append(stack.language())
                .append(List.of("none", "unknown").contains(stack.framework()) ? "" : " " + stack.framework())
                .append(" app. Every key is optional; docs/configuration.md lists them.\n")
                .append("app: ").append(app).append('\n');
        build.ifPresent(command -> yaml.append("build: ").append(quoted(command)).append('\n'));
        start.ifPresent(command -> yaml.append("start: ").append(quoted(command)).append('\n'));
        port.ifPresentOrElse(p -> yaml.append("port: ").append(p).append('\n'),
                () -> yaml.append("# port: 8080          # the port the app listens on when PORT is not set\n"));
        yaml.append("health:\n  path: ").append(quoted(healthPath)).append('\n')
                .append("strategy: ").append(strategy).append('\n')
                .append("env: {}               # NAME: value, NAME: ${VARIABLE}, or NAME: {file: path/to/secret}\n")
                .append("environments:         # overlays of the keys above: hivemind deploy --environment NAME\n");
        for (String name : ProjectConfig.ENVIRONMENTS) {
            yaml.append("  ").append(name).append(": {}\n");
        }
        return yaml.toString();
    }

    /** A YAML double-quoted scalar (JSON's string syntax, which YAML reads). */
    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
