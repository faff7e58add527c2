package dev.hivemind.analyzer.stack.go;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.analyzer.stack.go.GoMod.Requirement;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoModTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDirectivesAndTheRequirementsOfEveryForm() {
        write(dir, "go.mod", """
                // The shop's backend.
                module "github.com/acme/shop/v3" // quoted, as go mod edit may write it

                go 1.22.0
                toolchain go1.22.4

                require github.com/gin-gonic/gin v1.9.1
                require (
                \tgithub.com/lib/pq v1.10.9
                \t// a comment line inside the block
                \tgolang.org/x/net v0.10.0 // indirect
                )

                replace (
                \tgithub.com/lib/pq => ../pq
                )
                exclude github.com/bad/module v1.0.0
                """);

        GoMod mod = GoMod.read(dir);

        assertThat(mod.module()).isEqualTo("github.com/acme/shop/v3");
        assertThat(mod.lastElement()).isEqualTo("shop");
        assertThat(mod.go()).contains("1.22.0");
        assertThat(mod.toolchain()).contains("1.22.4");
        assertThat(mod.requirements()).containsExactly(
                new Requirement("github.com/gin-gonic/gin", "v1.9.1", false),
                new Requirement("github.com/lib/pq", "v1.10.9", false),
                new Requirement("golang.org/x/net", "v0.10.0", true));
        assertThat(mod.direct()).extracting(Requirement::path).containsExactly("github.com/gin-gonic/gin",
                "github.com/lib/pq");
    }

    @Test
    void ignoresTheDefaultToolchainAndKeepsTheVersionOfACustomOne() {
        write(dir, "go.mod", "module m\n\ngo 1.21\n\ntoolchain default\n");
        assertThat(GoMod.read(dir).toolchain()).isEmpty();

        write(dir, "go.mod", "module m\n\ngo 1.21\n\ntoolchain go1.21.3+auto\n");
        assertThat(GoMod.read(dir).toolchain()).contains("1.21.3");
    }

    @Test
    void refusesAToolchainThatIsNotAGoVersion() {
        write(dir, "go.mod", "module m\n\ntoolchain gcc\n");

        assertThatThrownBy(() -> GoMod.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("line 3: the toolchain directive 'gcc' is not a Go version such as 1.22");
    }

    @Test
    void aModuleWithoutPathElementsIsItsOwnLastElement() {
        write(dir, "go.mod", "module shop\n");

        assertThat(GoMod.read(dir).lastElement()).isEqualTo("shop");
    }
}
