package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.stack.node.NodeVersionRange;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The versions preflight asks of the runtime: read from what the app declares, judged from the tool's output. */
class RuntimeVersionRequirementTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path dir;

    @Test
    void goAsksForItsGoDirectiveAndReadsGoVersion() {
        write(dir, "go.mod", "module example.com/app\n\ngo 1.99\n");
        write(dir, "main.go", "package main\n\nfunc main() {}\n");

        VersionRequirement version = runtime(analyzer.analyze(dir));

        assertThat(version.wanted()).isEqualTo("Go 1.99 or later (go.mod go directive)");
        assertThat(version.versionIn("go version go1.19.8 linux/amd64")).contains("1.19.8");
        assertThat(version.satisfiedBy("1.19.8")).contains(false);
        assertThat(version.satisfiedBy("1.99.0")).contains(true);
        assertThat(version.satisfiedBy("1.100")).contains(true);
    }

    @Test
    void goWithAToolchainDirectiveAsksForItsGoDirective() {
        write(dir, "go.mod", "module example.com/app\n\ngo 1.21\n\ntoolchain go1.22.3\n");
        write(dir, "main.go", "package main\n\nfunc main() {}\n");

        VersionRequirement version = runtime(analyzer.analyze(dir));

        assertThat(version.wanted()).isEqualTo("Go 1.21 or later (go.mod go directive)");
        assertThat(version.satisfiedBy("1.21.0")).contains(true);
        assertThat(version.satisfiedBy("1.20.14")).contains(false);
    }

    @Test
    void nodeAsksForEnginesNodeAndReadsNodeVersion() {
        write(dir, "package.json", "{\"name\": \"x\", \"engines\": {\"node\": \">=22 <24\"}, "
                + "\"scripts\": {\"start\": \"node server.js\"}}");
        write(dir, "server.js", "require('http').createServer().listen(process.env.PORT)\n");

        VersionRequirement version = runtime(analyzer.analyze(dir));

        assertThat(version.wanted()).isEqualTo("Node.js >=22 <24 (package.json engines.node)");
        assertThat(version.versionIn("v20.20.2\n")).contains("20.20.2");
        assertThat(version.satisfiedBy("20.20.2")).contains(false);
        assertThat(version.satisfiedBy("23.1.0")).contains(true);
        assertThat(version.satisfiedBy("24.0.0")).contains(false);
    }

    @Test
    void pythonAsksForItsPinAndReadsPythonVersion() {
        write(dir, "requirements.txt", "flask\n");
        write(dir, ".python-version", "3.13\n");
        write(dir, "app.py", "from flask import Flask\napp = Flask(__name__)\n");

        VersionRequirement version = runtime(analyzer.analyze(dir));

        assertThat(version.wanted()).isEqualTo("Python 3.13 (.python-version)");
        assertThat(version.versionIn("Python 3.11.2")).contains("3.11.2");
        assertThat(version.satisfiedBy("3.11.2")).contains(false);
        assertThat(version.satisfiedBy("3.13.1")).contains(true);
    }

    @Test
    void javaAsksForItsReleaseAndReadsJavaVersion() {
        RuntimeVersionRequirement version = new RuntimeVersionRequirement("java", "21", "pom.xml maven.compiler.release");

        assertThat(version.wanted()).isEqualTo("Java 21 or newer (pom.xml maven.compiler.release)");
        assertThat(version.versionIn("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime Environment"))
                .contains("17.0.15");
        assertThat(version.satisfiedBy("17.0.15")).contains(false);
        assertThat(version.satisfiedBy("25")).contains(true);
        assertThat(version.versionIn("java version \"1.8.0_402\"").flatMap(version::satisfiedBy)).contains(false);
    }

    @Test
    void aDefaultVersionAsksNothingOfTheInstalledRuntime() {
        write(dir, "package.json", "{\"name\": \"x\", \"scripts\": {\"start\": \"node server.js\"}}");
        write(dir, "server.js", "require('http').createServer().listen(process.env.PORT)\n");

        TechStack stack = analyzer.analyze(dir);

        assertThat(analyzer.requiredTools(stack)).extracting(ToolRequirement::version)
                .containsExactly(Optional.empty(), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            ">=18          ; 20.20.2 ; true",
            ">=22          ; 20.20.2 ; false",
            "20            ; 20.20.2 ; true",
            "20.x          ; 21.0.0  ; false",
            "^18.17.0      ; 18.20.1 ; true",
            "^18.17.0      ; 19.0.0  ; false",
            "~20.10        ; 20.11.0 ; false",
            "~20.10        ; 20.10.9 ; true",
            "18 - 20       ; 20.99.0 ; true",
            "18 - 20       ; 21.0.0  ; false",
            "^16 || ^18    ; 18.1.0  ; true",
            "^16 || ^18    ; 20.1.0  ; false",
            ">= 18.0.0     ; 18.0.0  ; true",
            "<20           ; 19.9.9  ; true",
            "<=20          ; 20.9.0  ; true",
            ">20           ; 20.9.0  ; false",
            "*             ; 1.0.0   ; true",
            "^0.2.3        ; 0.3.0   ; false"})
    void judgesNpmSemverRanges(String range, String version, boolean satisfied) {
        assertThat(NodeVersionRange.satisfies(range, version)).contains(satisfied);
    }

    @Test
    void leavesARangeItCannotReadUnjudged() {
        assertThat(NodeVersionRange.satisfies("lts/*", "20.1.0")).isEmpty();
        assertThat(NodeVersionRange.satisfies(">=18", "not a version")).isEmpty();
    }

    private VersionRequirement runtime(TechStack stack) {
        return analyzer.requiredTools(stack).getFirst().version().orElseThrow();
    }
}
