package dev.hivemind.analyzer.stack.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.Oracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeVersionRange} against npm's own {@code semver} package (installed by scripts/test under the oracle
 * cache, outside the clone): several thousand generated range/version pairs and every {@code engines.node} range of
 * the analyzer's fixtures and corpus, each against versions around its own numbers. The one reading HiveMind makes
 * on purpose is told to the oracle: a bare full version ({@code 20.11.1}, an .nvmrc pin) means {@code ^20.11.1},
 * since HiveMind runs the machine's Node.js rather than installing that exact one. Versions are releases (no
 * pre-release tag), as {@code node --version} prints them.
 */
class NodeVersionRangeOracleTest {
    private static final Path SEMVER = Oracle.cacheDirectory().resolve("npm/node_modules/semver");
    private static final String SCRIPT = """
            const semver = require(process.argv[1]);
            const lines = require('fs').readFileSync(0, 'utf8').split('\\n').filter(l => l.length > 0);
            console.log(lines.map(line => {
              const [range, version] = line.split('\\t');
              return semver.validRange(range) === null ? 'invalid' : String(semver.satisfies(version, range));
            }).join('\\n'));
            """;
    private static final String[] OPERATORS = {"", "=", ">=", ">", "<", "<=", "^", "~", "~>"};
    private static final Pattern FULL = Pattern.compile("v?\\d+\\.\\d+\\.\\d+");
    private static final Pattern OPERATOR = Pattern.compile("<=|>=|<|>|=|\\^|~>?");

    private final Random random = new Random(17);

    @Test
    void answersAsNpmsSemverOverGeneratedRangesAndEveryFixtureRange() throws IOException {
        Oracle npm = Oracle.require("npm's semver package", SEMVER.resolve("package.json"),
                List.of("node", "-e", SCRIPT, SEMVER.toString()));
        List<String[]> cases = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String range = range();
            cases.add(new String[] {range, version(range)});
        }
        Set<String> fixtureRanges = fixtureRanges();
        for (String range : fixtureRanges) {
            for (int i = 0; i < 20; i++) {
                cases.add(new String[] {range, version(range)});
            }
        }

        List<String> answers = npm.answer(cases.stream().map(pair -> npmReading(pair[0]) + "\t" + pair[1]).toList());

        int compared = 0;
        for (int i = 0; i < cases.size(); i++) {
            String range = cases.get(i)[0];
            String version = cases.get(i)[1];
            Optional<Boolean> ours = NodeVersionRange.satisfies(range, version);
            String theirs = answers.get(i);
            if (!ours.map(String::valueOf).orElse("invalid").equals(theirs)) {
                fail("range '" + range + "' and version " + version + ": HiveMind says " + ours.map(String::valueOf)
                        .orElse("it cannot read the range") + ", npm's semver says " + theirs + " (after "
                        + compared + " cases agreed)");
            }
            compared++;
        }
        System.out.println("NodeVersionRange agrees with npm's semver on " + compared + " cases ("
                + fixtureRanges.size() + " ranges from the fixtures and corpus)");
        assertThat(compared).isGreaterThanOrEqualTo(4000);
    }

    /** The range as npm is to read it: HiveMind reads a bare full version as {@code ^} (see the class comment). */
    static String npmReading(String range) {
        List<String> sets = new ArrayList<>();
        for (String set : range.split("\\|\\|", -1)) {
            if (set.contains(" - ")) {
                sets.add(set);
                continue;
            }
            String[] tokens = set.strip().split("\\s+");
            for (int i = 0; i < tokens.length; i++) {
                boolean afterOperator = i > 0 && OPERATOR.matcher(tokens[i - 1]).matches();
                if (FULL.matcher(tokens[i]).matches() && !afterOperator) {
                    tokens[i] = "^" + tokens[i];
                }
            }
            sets.add(String.join(" ", tokens));
        }
        return String.join(" || ", sets);
    }

    private String range() {
        List<String> sets = new ArrayList<>();
        int count = random.nextInt(10) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) {
            sets.add(random.nextInt(8) == 0 ? partial(random.nextBoolean()) + " - " + partial(random.nextBoolean())
                    : comparators());
        }
        return String.join(random.nextBoolean() ? " || " : "||", sets);
    }

    private String comparators() {
        List<String> comparators = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            String operator = OPERATORS[random.nextInt(OPERATORS.length)];
            String version = partial(!operator.isEmpty());
            comparators.add(operator + (operator.isEmpty() || random.nextInt(4) > 0 ? "" : " ") + version);
        }
        return String.join(" ", comparators);
    }

    /**
     * 1 to 3 parts, a wildcard ending them at times (never a number after a wildcard, {@code 3.x.3}, which no one
     * writes and npm reads differently in a comparator and a hyphen range); a full version only when
     * {@code fullAllowed}.
     */
    private String partial(boolean fullAllowed) {
        int parts = 1 + random.nextInt(fullAllowed ? 3 : 2);
        List<String> out = new ArrayList<>();
        out.add(String.valueOf(random.nextInt(4) == 0 ? 0 : random.nextInt(25)));
        for (int i = 1; i < parts; i++) {
            if (random.nextInt(8) == 0) {
                out.add(List.of("x", "X", "*").get(random.nextInt(3)));
                break;
            }
            out.add(String.valueOf(random.nextInt(4) == 0 ? 0 : random.nextInt(12)));
        }
        if (random.nextInt(15) == 0) {
            return "*";
        }
        return (random.nextInt(12) == 0 ? "v" : "") + String.join(".", out);
    }

    /** A release near the numbers of {@code range}: each part one of them, one off, 0 or anything. */
    private String version(String range) {
        List<Integer> numbers = Stream.of(range.split("[^0-9]+")).filter(part -> !part.isEmpty())
                .map(Integer::valueOf).toList();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int choice = random.nextInt(5);
            int near = numbers.isEmpty() ? 0 : numbers.get(random.nextInt(numbers.size()));
            int part = switch (choice) {
                case 0 -> near;
                case 1 -> near + 1;
                case 2 -> Math.max(0, near - 1);
                case 3 -> 0;
                default -> random.nextInt(26);
            };
            parts.add(String.valueOf(part));
        }
        return String.join(".", parts);
    }

    /** Every engines.node and volta.node of a package.json, and every .nvmrc and .node-version, under the fixtures. */
    private static Set<String> fixtureRanges() throws IOException {
        Set<String> ranges = new LinkedHashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String root : List.of("src/test/resources/fixtures", "src/test/resources/corpus")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals("package.json")) {
                        JsonNode node = json.readTree(file.toFile());
                        Stream.of(node.path("engines").path("node"), node.path("volta").path("node"))
                                .filter(JsonNode::isTextual).forEach(value -> ranges.add(value.asText().strip()));
                    } else if (name.equals(".nvmrc") || name.equals(".node-version")) {
                        ranges.add(Files.readString(file).strip());
                    }
                }
            }
        }
        ranges.removeIf(range -> range.isEmpty() || !range.matches("[v0-9.xX*<>=^~|\\s-]+"));
        return ranges;
    }
}
