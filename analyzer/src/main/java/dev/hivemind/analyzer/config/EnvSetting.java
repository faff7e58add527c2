package dev.hivemind.analyzer.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value of {@code hivemind.yaml}'s {@code env}: a text that may take variables of the process environment
 * ({@code ${VAR}}), or a file holding a secret ({@code {file: path}}, relative to the app's directory and inside it:
 * an absolute path, a {@code ..} out of it or a symbolic link out of it is refused).
 */
public sealed interface EnvSetting {
    /** A secret file larger than this is refused: it is surely not the secret. */
    int MAX_SECRET_BYTES = 64 * 1024;

    /** A value; each {@code ${VAR}} in it is replaced by the process environment's {@code VAR}. */
    record Text(String template) implements EnvSetting {
        private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

        public Text {
            Objects.requireNonNull(template, "template");
        }
    }

    /** The trimmed content of a file, a path relative to the app's directory. */
    record SecretFile(String path) implements EnvSetting {
        public SecretFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The settings of an {@code env} mapping the schema has accepted. */
    static Map<String, EnvSetting> of(JsonNode env) {
        Map<String, EnvSetting> settings = new LinkedHashMap<>();
        env.fields().forEachRemaining(field -> settings.put(field.getKey(), field.getValue().isObject()
                ? new SecretFile(field.getValue().path("file").asText())
                : new Text(field.getValue().asText())));
        return settings;
    }

    /**
     * The values of {@code settings}: references replaced from {@code process}, secret files read from
     * {@code appDirectory}.
     *
     * @throws InvalidInputException naming every variable that is not set and every file that cannot be read
     */
    static Map<String, String> resolve(Map<String, EnvSetting> settings, Path appDirectory,
                                       Map<String, String> process) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        settings.forEach((name, setting) -> {
            switch (setting) {
                case Text text -> values.put(name, substitute(name, text, process, problems));
                case SecretFile file -> values.put(name, read(name, file, appDirectory, problems));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, ProjectConfig.FILE + " env has "
                    + (problems.size() == 1 ? "a value" : problems.size() + " values") + " HiveMind cannot resolve:\n  "
                    + String.join("\n  ", problems), "Resolving the app's environment from " + ProjectConfig.FILE,
                    "Export the variables named, create the files named (relative to " + appDirectory + "), or "
                    + "change env in " + ProjectConfig.FILE);
        }
        return values;
    }

    private static String substitute(String name, Text text, Map<String, String> process, List<String> problems) {
        Matcher matcher = Text.REFERENCE.matcher(text.template());
        StringBuilder value = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement = process.get(variable);
            if (replacement == null) {
                problems.add("env." + name + ": the process environment has no " + variable
                        + " (referenced as ${" + variable + "})");
                replacement = "";
            }
            matcher.appendReplacement(value, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(value).toString();
    }

    private static String read(String name, SecretFile secret, Path appDirectory, List<String> problems) {
        Path file = appDirectory.resolve(secret.path()).normalize();
        try {
            Optional<String> escape = escape(secret.path(), file, appDirectory);
            if (escape.isPresent()) {
                problems.add("env." + name + ": the secret file " + escape.get() + "; secret files are read only "
                        + "from inside the app's directory " + appDirectory);
                return "";
            }
            if (!Files.isRegularFile(file)) {
                problems.add("env." + name + ": the secret file " + file + " does not exist");
                return "";
            }
            if (Files.size(file) > MAX_SECRET_BYTES) {
                problems.add("env." + name + ": the secret file " + file + " is larger than " + MAX_SECRET_BYTES
                        + " bytes");
                return "";
            }
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add("env." + name + ": the secret file " + file + " cannot be read (" + e.getMessage() + ")");
            return "";
        }
    }

    /**
     * How {@code path} leaves the app's directory, if it does: absolute, climbing out with {@code ..}, or through a
     * symbolic link (the real paths are compared).
     */
    private static Optional<String> escape(String path, Path file, Path appDirectory) throws IOException {
        if (Path.of(path).isAbsolute()) {
            return Optional.of("'" + path + "' is an absolute path");
        }
        if (!file.startsWith(appDirectory.normalize())) {
            return Optional.of("'" + path + "' leads out of the app's directory (to " + file + ")");
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Path real = file.toRealPath();
        return real.startsWith(appDirectory.toRealPath()) ? Optional.empty()
                : Optional.of("'" + path + "' is a symbolic link (or under one) to " + real
                        + ", outside the app's directory");
    }
}
