package dev.hivemind.analyzer.stack.go;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GoSourceFileTest {
    private static final Path FILE = Path.of("main.go");

    @Test
    void readsThePackageTheImportsOfEveryFormAndFuncMain() {
        GoSourceFile file = GoSourceFile.parse(FILE, """
                // Package main is the server.
                package main

                import "fmt"
                import web "net/http"
                import (
                \t"os"
                \t_ "github.com/lib/pq" // the driver
                \t. `strings`
                \t// "github.com/gin-gonic/gin"
                \t/* "github.com/labstack/echo/v4" */
                )

                func main() { fmt.Println(os.Args, web.StatusOK, ToUpper("x")) }
                """).orElseThrow();

        assertThat(file.packageName()).isEqualTo("main");
        assertThat(file.imports()).containsExactlyInAnyOrder("fmt", "net/http", "os", "github.com/lib/pq", "strings");
        assertThat(file.declaresMain()).isTrue();
        assertThat(file.ignored()).isFalse();
    }

    @Test
    void keepsStringsThatLookLikeCommentsAndLineNumbersWhereTheyWere() {
        String text = "package main\n\n/* a\nblock */\nvar url = \"http://example.com/*not a comment*/\"\n"
                + "var raw = `// not a comment either`\nvar r = '/'\n";

        String code = GoSourceFile.withoutComments(text);

        assertThat(code).hasSameSizeAs(text).contains("\"http://example.com/*not a comment*/\"")
                .contains("`// not a comment either`").doesNotContain("block").contains("'/'");
        assertThat(code.lines().count()).isEqualTo(text.lines().count());
    }

    @Test
    void isIgnoredUnderAGoBuildIgnoreConstraintOnly() {
        assertThat(GoSourceFile.parse(FILE, "//go:build ignore\n\npackage main\n\nfunc main() {}\n").orElseThrow()
                .ignored()).isTrue();
        assertThat(GoSourceFile.parse(FILE, "// +build ignore\n\npackage main\n").orElseThrow().ignored()).isTrue();
        assertThat(GoSourceFile.parse(FILE, "//go:build linux\n\npackage main\n").orElseThrow().ignored()).isFalse();
    }

    @Test
    void doesNotTakeAMethodOrACommentedMainForFuncMain() {
        GoSourceFile file = GoSourceFile.parse(FILE, "package main\n\n// func main() {}\n"
                + "func (s *Server) main() {}\nfunc mainLoop() {}\n").orElseThrow();

        assertThat(file.declaresMain()).isFalse();
    }

    @Test
    void isNothingWithoutAPackageClause() {
        assertThat(GoSourceFile.parse(FILE, "// just a comment\n")).isEmpty();
    }
}
