package dev.hivemind.analyzer.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code npm audit --json} on a Node app's lock file (it asks the npm registry, the one registry this tool
 * may reach) and sums up what it found by severity. Anything that stops it (no lock file, no npm, no network, a
 * registry that refuses the audit endpoint, the timeout) gives a {@link Skipped} with the reason, never an error.
 */
final class NpmAudit {
    /** npm's severities, most severe first. */
    static final List<String> SEVERITIES = List.of("critical", "high", "moderate", "low", "info");
    static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an audit run gave. */
    sealed interface Outcome permits Summary, Skipped {
    }

    /**
     * @param counts       vulnerable packages by severity, every severity present, most severe first
     * @param dependencies how many dependencies npm audited
     */
    record Summary(Map<String, Integer> counts, int dependencies) implements Outcome {
        Summary {
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** {@code 0 critical, 1 high, 2 moderate, 0 low, 0 info in 65 dependencies}. */
        String describe() {
            StringBuilder text = new StringBuilder();
            counts.forEach((severity, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ')
                    .append(severity));
            return text + " in " + dependencies + " dependencies";
        }
    }

    record Skipped(String reason) implements Outcome {
    }

    private NpmAudit() {
    }

    /** Audits the lock file in {@code directory} with the {@code npm} found on {@code path}. */
    static Outcome run(Path directory, String path, Duration timeout) {
        Optional<String> lockFile = ProjectFiles.first(directory, LOCK_FILES);
        if (lockFile.isEmpty()) {
            return new Skipped("no package-lock.json or npm-shrinkwrap.json to audit (npm audit needs a lock file)");
        }
        Optional<Path> npm = Executables.find("npm", path);
        if (npm.isEmpty()) {
            return new Skipped("npm is not on the PATH");
        }
        try {
            return runIn(directory, npm.get(), timeout);
        } catch (IOException error) {
            return new Skipped("npm audit could not run: " + error.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Skipped("npm audit was interrupted");
        }
    }

    private static Outcome runIn(Path directory, Path npm, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("hivemind-npm-audit-", ".json");
        try {
            Process process = new ProcessBuilder(npm.toString(), "audit", "--json", "--package-lock-only")
                    .directory(directory.toFile()).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Skipped("npm audit did not finish within " + timeout.toSeconds() + " s");
            }
            return parse(Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The summary in {@code npm audit --json}'s output (npm 7 and later), or why there is none. */
    static Outcome parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException notJson) {
            return new Skipped("npm audit printed no JSON report");
        }
        if (root == null || !root.isObject()) {
            return new Skipped("npm audit printed no JSON report");
        }
        JsonNode counts = root.path("metadata").path("vulnerabilities");
        if (counts.isObject()) {
            Map<String, Integer> bySeverity = new LinkedHashMap<>();
            SEVERITIES.forEach(severity -> bySeverity.put(severity, counts.path(severity).asInt(0)));
            return new Summary(bySeverity, root.path("metadata").path("dependencies").path("total").asInt(0));
        }
        if (root.path("statusCode").isInt()) {
            return new Skipped("npm audit failed: the registry's audit endpoint answered " + failure(root)
                    + "; the dependencies were not audited: run `npm audit` where the registry answers audits");
        }
        return new Skipped("npm audit failed: " + failure(root));
    }

    private static String failure(JsonNode root) {
        String summary = root.path("error").path("summary").asText("");
        String message = root.path("message").asText("");
        String reason = !summary.isBlank() ? summary : !message.isBlank() ? message : "no vulnerability summary";
        return reason.lines().findFirst().orElse(reason).strip();
    }
}
