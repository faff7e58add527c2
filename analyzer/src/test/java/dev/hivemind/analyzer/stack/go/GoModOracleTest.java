package dev.hivemind.analyzer.stack.go;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.Oracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GoMod} against Go's own reading of go.mod, {@code go mod edit -json} (Debian's golang-go): every go.mod of
 * the analyzer's fixtures and corpus and a few hundred generated ones (quoted paths, comments, blocks, single-line
 * requires, {@code // indirect} markers, replace and exclude directives), compared on the module path, the go
 * version, the toolchain and each requirement's path, version and indirect mark. A file this machine's Go refuses
 * (an older Go does not know a newer directive) is not compared, and the count says how many.
 */
class GoModOracleTest {
    private static final Path GO = Path.of("/usr/bin/go");

    @TempDir
    Path work;

    private final Random random = new Random(1);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsGoModAsGoDoes() throws Exception {
        Oracle.requireInstalled("Go (Debian's golang-go)", GO);
        List<String> texts = new ArrayList<>();
        for (String root : List.of("src/test/resources/fixtures", "src/test/resources/corpus")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(path -> path.getFileName().toString().equals("go.mod")).toList()) {
                    texts.add(Files.readString(file));
                }
            }
        }
        int fromFixtures = texts.size();
        for (int i = 0; i < 150; i++) {
            texts.add(generated());
        }

        int compared = 0;
        int refusedByGo = 0;
        for (String text : texts) {
            Path directory = Files.createDirectories(work.resolve("m" + compared + "-" + refusedByGo));
            Files.writeString(directory.resolve("go.mod"), text);
            Optional<JsonNode> theirs = goModEditJson(directory);
            if (theirs.isEmpty()) {
                refusedByGo++;
                continue;
            }
            compare(text, GoMod.read(directory), theirs.get());
            compared++;
        }
        System.out.println("GoMod agrees with go mod edit -json on " + compared + " go.mod files (" + fromFixtures
                + " from the fixtures and corpus; " + refusedByGo + " refused by this machine's Go, not compared)");
        assertThat(compared).isGreaterThanOrEqualTo(150);
    }

    private static void compare(String text, GoMod ours, JsonNode theirs) {
        List<String> ourRequirements = ours.requirements().stream()
                .map(r -> r.path() + " " + r.version() + (r.indirect() ? " indirect" : "")).toList();
        List<String> theirRequirements = new ArrayList<>();
        theirs.path("Require").forEach(r -> theirRequirements.add(r.path("Path").asText() + " "
                + r.path("Version").asText() + (r.path("Indirect").asBoolean() ? " indirect" : "")));
        String ourReading = ours.module() + " | go " + ours.go().orElse("") + " | " + ourRequirements;
        String theirReading = theirs.path("Module").path("Path").asText() + " | go " + theirs.path("Go").asText("")
                + " | " + theirRequirements;
        if (!ourReading.equals(theirReading)) {
            fail("go.mod read differently:\n" + text + "\nHiveMind: " + ourReading + "\ngo mod edit -json: "
                    + theirReading);
        }
        JsonNode toolchain = theirs.path("Toolchain").path("Name");
        if (toolchain.isTextual() && !toolchain.asText().equals("default")) {
            assertThat(ours.toolchain()).as("toolchain of\n" + text)
                    .contains(toolchain.asText().replaceFirst("^go", "").replaceFirst("[+-].*$", ""));
        }
    }

    private Optional<JsonNode> goModEditJson(Path directory) throws IOException, InterruptedException {
        Process go = new ProcessBuilder(GO.toString(), "mod", "edit", "-json").directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return go.waitFor() == 0 ? Optional.of(json.readTree(out)) : Optional.empty();
    }

    private String generated() {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append("// a comment before the module\n");
        }
        String path = "example.com/" + word() + "/" + word();
        text.append("module ").append(random.nextInt(4) == 0 ? "\"" + path + "\"" : path)
                .append(random.nextInt(4) == 0 ? " // the module\n" : "\n\n");
        text.append("go 1.").append(13 + random.nextInt(7)).append(random.nextInt(5) == 0 ? " // minimum\n" : "\n");
        int singles = random.nextInt(3);
        for (int i = 0; i < singles; i++) {
            text.append("require ").append(requirement()).append('\n');
        }
        if (random.nextBoolean()) {
            text.append("\nrequire (\n");
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                text.append(random.nextInt(5) == 0 ? "\t// " + word() + " is pinned\n" : "")
                        .append('\t').append(requirement()).append('\n');
            }
            text.append(")\n");
        }
        if (random.nextInt(3) == 0) {
            text.append("\nreplace example.com/old/").append(word()).append(" => ../").append(word()).append('\n');
        }
        if (random.nextInt(4) == 0) {
            text.append("\nexclude (\n\texample.com/bad/").append(word()).append(" v1.0.0\n)\n");
        }
        return text.toString();
    }

    private String requirement() {
        int major = random.nextInt(4);
        String path = random.nextInt(5) == 0 ? "gopkg.in/" + word() + ".v" + Math.max(1, major)
                : List.of("github.com/", "golang.org/x/", "example.com/").get(random.nextInt(3)) + word()
                + (random.nextBoolean() ? "/" + word() : "") + (major >= 2 ? "/v" + major : "");
        String version = "v" + (path.startsWith("gopkg.in/") ? Math.max(1, major) : major) + "." + random.nextInt(20)
                + "." + random.nextInt(10);
        String comment = switch (random.nextInt(6)) {
            case 0 -> " // indirect";
            case 1 -> " //indirect";
            case 2 -> " // indirect; used by tests";
            case 3 -> " // pinned";
            default -> "";
        };
        return (random.nextInt(6) == 0 ? "\"" + path + "\"" : path) + " " + version + comment;
    }

    private String word() {
        List<String> words = List.of("chi", "gin", "echo", "pq", "pgx", "fiber", "viper", "cobra", "zap", "uuid",
                "redis", "mux", "sqlx", "gorm", "yaml");
        return words.get(random.nextInt(words.size()));
    }
}
