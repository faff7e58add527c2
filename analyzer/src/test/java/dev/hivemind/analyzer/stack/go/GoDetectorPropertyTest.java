package dev.hivemind.analyzer.stack.go;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.stack.node.NodeLibraries;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Go detection over generated modules: drivers imported for real, and the same drivers only seemingly present. */
class GoDetectorPropertyTest {
    private static final List<String> DRIVERS = GoLibraries.DATABASES.stream().map(NodeLibraries.Rule::dependency)
            .toList();
    private static final List<String> OTHER_IMPORTS = List.of("fmt", "net/http", "github.com/lib/pqx",
            "github.com/jackc/puddle/v2", "gorm.io/gorm", "github.com/redis/rueidis", "database/sql");

    // Feature: autodeploy-agent, Property 11: database detected iff a driver is present
    @Property(tries = 100)
    void aDatabaseIsRequiredIffTheAppImportsADriver(@ForAll("imported") List<String> imported,
                                                    @ForAll("decoys") List<String> decoys) throws IOException {
        Path dir = Files.createTempDirectory("go-property");
        try {
            write(dir, "go.mod", "module example.com/app\n\ngo 1.19\n\nrequire (\n" + decoys.stream()
                    .map(decoy -> "\t" + decoy + " v1.0.0 // indirect\n").collect(Collectors.joining()) + ")\n");
            write(dir, "main.go", "package main\n\nimport (\n" + quoted(imported, "\t_ ")
                    + quoted(decoys, "\t// _ ") + ")\n\nfunc main() {}\n");
            write(dir, "main_test.go", "package main\n\nimport (\n" + quoted(decoys, "\t_ ") + ")\n");

            TechStack stack = new RepositoryAnalyzer().analyze(dir);

            Optional<String> expected = GoLibraries.DATABASES.stream()
                    .filter(rule -> imported.stream().anyMatch(path -> GoLibraries.matches(rule, path)))
                    .map(NodeLibraries.Rule::value).findFirst();
            assertThat(stack.requiresDatabase()).isEqualTo(expected.isPresent());
            assertThat(stack.databaseType()).isEqualTo(expected);
            assertThat(stack.language()).isEqualTo("go");
            assertThat(stack.buildTool()).isEqualTo("go");
        } finally {
            PrivateFiles.deleteTree(dir);
        }
    }

    /** Some of the drivers (a package of one, sometimes) and some imports that are not drivers. */
    @Provide
    Arbitrary<List<String>> imported() {
        Arbitrary<String> driver = Arbitraries.of(DRIVERS).flatMap(path -> Arbitraries.of(path, path + "/v5",
                path + "/stdlib"));
        return Arbitraries.oneOf(driver, Arbitraries.of(OTHER_IMPORTS)).list().ofMaxSize(4).uniqueElements();
    }

    /** Drivers present only as an indirect requirement, a commented import and a test file's import. */
    @Provide
    Arbitrary<List<String>> decoys() {
        return Arbitraries.of(DRIVERS).list().ofMaxSize(3).uniqueElements();
    }

    private static String quoted(List<String> paths, String prefix) {
        return paths.stream().map(path -> prefix + "\"" + path + "\"\n").collect(Collectors.joining());
    }
}
