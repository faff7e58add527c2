package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Detection of the small real-world-shaped apps under {@code fixtures/}: one per Node.js framework and package
 * manager, one per Python framework and build tool, and the decoys (a Django app with a Node.js assets toolchain, a
 * Node.js app with stray Python tooling, an npm lock file beside a packageManager field naming pnpm). What each must
 * give is the table {@code fixtures/expected.json}: every answer and every evidence line, in order.
 */
class FixtureDetectionTest {
    private static final Path FIXTURES = fixtures();
    private static final JsonNode EXPECTED = expected();

    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    static Stream<String> fixtureNames() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureNames")
    void givesTheExpectedAnswersWithTheirEvidence(String fixture) {
        JsonNode expected = EXPECTED.get(fixture);

        TechStack stack = analyzer.analyze(FIXTURES.resolve(fixture));

        assertThat(stack.language()).isEqualTo(expected.get("language").asText());
        assertThat(stack.framework()).isEqualTo(expected.get("framework").asText());
        assertThat(stack.runtimeVersion()).isEqualTo(expected.get("runtime_version").asText());
        assertThat(stack.buildTool()).isEqualTo(expected.get("build_tool").asText());
        assertThat(stack.databaseType()).isEqualTo(text(expected, "database_type"));
        assertThat(stack.requiresDatabase()).isEqualTo(text(expected, "database_type").isPresent());
        assertThat(stack.startCommand()).isEqualTo(expected.get("start_command").asText());
        assertThat(stack.port()).isEqualTo(expected.get("port").isNull() ? Optional.empty()
                : Optional.of(expected.get("port").asInt()));
        assertThat(stack.healthCheckPath()).isEqualTo(text(expected, "health_check_path"));
        assertThat(stack.evidence()).containsExactlyElementsOf(strings(expected.get("evidence")));
    }

    /** Node.js apps that look like static sites, asserted by {@code StaticSiteDetectorTest}. */
    private static final List<String> STATIC_SITE_DECOYS = List.of("node-with-dockerfile", "node-with-public",
            "node-vite-dist");

    @Test
    void theTableCoversEveryNodeAndPythonFixture() throws IOException {
        List<String> directories;
        try (Stream<Path> entries = Files.list(FIXTURES)) {
            directories = entries.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("node-") || name.startsWith("py-") || name.startsWith("decoy-"))
                    .filter(name -> !STATIC_SITE_DECOYS.contains(name)).toList();
        }

        assertThat(fixtureNames()).containsExactlyInAnyOrderElementsOf(directories);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.get(field).isNull() ? Optional.empty() : Optional.of(node.get(field).asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Path fixtures() {
        try {
            return Path.of(FixtureDetectionTest.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(FIXTURES.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixtures/expected.json", e);
        }
    }
}
