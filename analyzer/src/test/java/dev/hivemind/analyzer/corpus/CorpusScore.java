package dev.hivemind.analyzer.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.Analysis;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.error.HiveMindException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The analyzer's accuracy over the corpus of repositories under {@code corpus/}: each fixture is a minimal copy of a
 * layout found in real public repositories, and {@code corpus/expected.json} holds, per fixture (or
 * {@code fixture:app/dir} for an app analysed below its repository's root), what a careful reader of the repository
 * would answer, and a note of the layout it models. Every expected field of every entry is one check; a monorepo's
 * {@code apps} are one check per expected app (path, language and port) plus one per app listed that should not be.
 * <p>
 * Used by {@code CorpusAccuracyTest} and by {@code bench/analyze}, which compiles this file beside its own.
 */
public final class CorpusScore {
    /** The fields scored, in the order the table shows them. */
    public static final List<String> FIELDS = List.of("language", "framework", "build_tool", "runtime_version",
            "requires_database", "database_type", "port", "port_declared", "start_command", "health_check_path",
            "deployable", "apps");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VENV_PREFIX = "export PATH=\"$PWD/.venv/bin:$PATH\" VIRTUAL_ENV=\"$PWD/.venv\" && ";

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final List<Miss> misses = new ArrayList<>();
    private int entries;
    private int fixtures;

    private CorpusScore() {
        FIELDS.forEach(field -> tallies.put(field, new Tally(0, 0)));
    }

    /** One field's right answers out of its checks. */
    public record Tally(int right, int total) {
        public double share() {
            return total == 0 ? 1 : (double) right / total;
        }

        Tally plus(boolean correct) {
            return new Tally(right + (correct ? 1 : 0), total + 1);
        }
    }

    /** A wrong answer: the entry, the field, what was expected and what the analyzer said. */
    public record Miss(String entry, String field, String expected, String actual) {
        @Override
        public String toString() {
            return entry + " " + field + ": expected " + expected + ", got " + actual;
        }
    }

    /** Analyses every entry of {@code corpus/expected.json} with a fresh {@link RepositoryAnalyzer}. */
    public static CorpusScore measure(Path corpus) {
        JsonNode expected = read(corpus.resolve("expected.json"));
        RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
        CorpusScore score = new CorpusScore();
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : expected.properties()) {
            String[] key = entry.getKey().split(":", 2);
            if (!seen.contains(key[0])) {
                seen.add(key[0]);
            }
            Observed observed = observe(analyzer, corpus.resolve(key[0]),
                    key.length == 2 ? Optional.of(key[1]) : Optional.empty());
            score.check(entry.getKey(), entry.getValue(), observed);
        }
        score.fixtures = seen.size();
        return score;
    }

    public Map<String, Tally> byField() {
        return Map.copyOf(tallies);
    }

    public Tally overall() {
        return tallies.values().stream().reduce(new Tally(0, 0),
                (a, b) -> new Tally(a.right() + b.right(), a.total() + b.total()));
    }

    public List<Miss> misses() {
        return List.copyOf(misses);
    }

    /** How many fixture repositories the corpus holds. */
    public int fixtures() {
        return fixtures;
    }

    /** The per-field table, e.g. {@code port  71/75  94.7 %}, then the overall line. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "analyzer accuracy over %d corpus repositories (%d analyses)%n", fixtures, entries));
        tallies.forEach((field, tally) -> out.append(String.format(Locale.ROOT, "  %-18s %3d/%-3d %6.1f %%%n", field,
                tally.right(), tally.total(), tally.share() * 100)));
        Tally all = overall();
        out.append(String.format(Locale.ROOT, "  %-18s %3d/%-3d %6.1f %%%n", "overall", all.right(), all.total(),
                all.share() * 100));
        return out.toString();
    }

    private void check(String entry, JsonNode expected, Observed observed) {
        entries++;
        for (String field : FIELDS) {
            if (field.equals("apps") || !expected.has(field)) {
                continue;
            }
            String want = text(expected.get(field));
            String got = observed.fields().getOrDefault(field, "(not given)");
            record(entry, field, want, got);
        }
        if (expected.has("apps")) {
            List<String> listed = new ArrayList<>(observed.apps());
            for (JsonNode app : expected.get("apps")) {
                String want = app.get("path").asText() + " " + app.get("language").asText() + " "
                        + text(app.get("port"));
                record(entry, "apps", want, listed.remove(want) ? want : "not listed so (listed: "
                        + observed.apps() + ")");
            }
            listed.forEach(extra -> record(entry, "apps", "nothing more", extra));
        }
    }

    private void record(String entry, String field, String want, String got) {
        boolean right = want.equals(got);
        tallies.put(field, tallies.get(field).plus(right));
        if (!right) {
            misses.add(new Miss(entry, field, want, got));
        }
    }

    /**
     * What the analyzer answers for one entry: its fields as text (and the apps of a monorepo's root as
     * {@code path language port}).
     */
    record Observed(Map<String, String> fields, List<String> apps) {
    }

    private static Observed observe(RepositoryAnalyzer analyzer, Path root, Optional<String> appDir) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> apps = new ArrayList<>();
        try {
            Analysis analysis = analyzer.describe(root, appDir);
            analysis.apps().forEach(app -> apps.add(app.path() + " " + app.language() + " "
                    + app.port().map(String::valueOf).orElse("null")));
            analysis.stack().ifPresent(stack -> {
                fields.put("language", stack.language());
                fields.put("framework", stack.framework());
                fields.put("build_tool", stack.buildTool());
                fields.put("runtime_version", stack.runtimeVersion());
                fields.put("requires_database", String.valueOf(stack.requiresDatabase()));
                fields.put("database_type", stack.databaseType().orElse("null"));
                fields.put("port", stack.port().map(String::valueOf).orElse("null"));
                fields.put("port_declared", String.valueOf(analysis.portDeclared()));
                fields.put("start_command", normalized(stack.startCommand()));
                fields.put("health_check_path", stack.healthCheckPath().orElse("null"));
                fields.put("deployable", String.valueOf(analysis.deployable()));
            });
        } catch (HiveMindException refused) {
            fields.put("deployable", "refused: " + refused.getMessage().lines().findFirst().orElse(""));
        } catch (RuntimeException crashed) {
            fields.put("deployable", "crashed: " + crashed);
        }
        return new Observed(fields, apps);
    }

    /**
     * The start command without what only depends on the machine: the virtual environment prefix of Python
     * commands, the JDK's absolute path and {@code $JAVA_OPTS} of Java commands ({@code java ...}), the static file
     * server's variable ({@code hivemind-static DIR}).
     */
    static String normalized(String command) {
        String plain = command.startsWith(VENV_PREFIX) ? command.substring(VENV_PREFIX.length()) : command;
        plain = plain.replaceFirst("^exec '[^']*' \\$JAVA_OPTS ", "java ");
        return plain.replaceFirst("^exec \"\\$\\{HIVEMIND_STATIC_SERVER:\\?[^}]*}\" ", "hivemind-static ");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.asText();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
