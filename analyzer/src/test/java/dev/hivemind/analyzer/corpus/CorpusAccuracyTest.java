package dev.hivemind.analyzer.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The analyzer measured on repositories it was not written against: the corpus under {@code corpus/}, each fixture
 * modelled on a layout found in real public repositories, with the answers a careful reader would give in
 * {@code corpus/expected.json}. The table of accuracy per field is printed; the test fails when the answers are right
 * less than 95 % of the time overall, or less than 90 % of the time for any one field.
 */
class CorpusAccuracyTest {
    private static final double OVERALL = 0.95;
    private static final double PER_FIELD = 0.90;

    @Test
    void theAnalyzerIsRightOnTheCorpus() {
        // given the corpus
        Path corpus = corpus();

        // when every entry is analysed
        CorpusScore score = CorpusScore.measure(corpus);

        // then
        System.out.println(score.table());
        score.misses().forEach(miss -> System.out.println("  miss: " + miss));
        assertThat(score.fixtures()).as("fixture repositories in the corpus").isGreaterThanOrEqualTo(60);
        assertThat(score.overall().share()).as("overall accuracy\n" + score.table()).isGreaterThanOrEqualTo(OVERALL);
        score.byField().forEach((field, tally) -> assertThat(tally.share())
                .as(field + " accuracy\n" + score.table()).isGreaterThanOrEqualTo(PER_FIELD));
    }

    @Test
    void everyFixtureHasItsAnswersAndTheLayoutItModels() throws IOException {
        Path corpus = corpus();
        JsonNode expected = new ObjectMapper().readTree(corpus.resolve("expected.json").toFile());
        List<String> entries = new ArrayList<>();
        expected.fieldNames().forEachRemaining(entries::add);

        List<String> directories;
        try (Stream<Path> list = Files.list(corpus)) {
            directories = list.filter(Files::isDirectory).map(path -> path.getFileName().toString()).toList();
        }

        assertThat(entries.stream().map(entry -> entry.split(":")[0]).distinct())
                .containsExactlyInAnyOrderElementsOf(directories);
        entries.forEach(entry -> assertThat(expected.get(entry).path("models").asText()).as(entry + " models")
                .hasSizeGreaterThan(20));
    }

    static Path corpus() {
        try {
            return Path.of(CorpusAccuracyTest.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
