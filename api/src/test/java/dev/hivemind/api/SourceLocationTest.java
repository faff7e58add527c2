package dev.hivemind.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.RetryCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceLocationTest {

    @TempDir
    Path workingDirectory;

    @ParameterizedTest
    @CsvSource({
        "https://github.com/acme/shop.git, shop",
        "http://git.internal:8080/team/shop, shop",
        "ssh://git@github.com/acme/shop.git, shop",
        "ssh://deploy@10.0.0.7:2222/srv/git/shop.git, shop",
        "git://127.0.0.1:9418/shop.git, shop",
        "git://[::1]/shop.git, shop",
        "file:///srv/git/shop.git, shop",
        "git@github.com:acme/shop.git, shop",
        "deploy@build-host:shop, shop",
        "https://gitlab.example.com/group/sub/shop/, shop"})
    void acceptsEachGitUrlForm(String url, String appName) {
        SourceLocation location = SourceLocation.parse(url, workingDirectory);

        assertThat(location).isEqualTo(new SourceLocation.GitUrl(url));
        assertThat(location.display()).isEqualTo(url);
        assertThat(location.suggestedAppName()).isEqualTo(appName);
    }

    @Test
    void trimsTheSource() {
        assertThat(SourceLocation.parse("  https://github.com/acme/shop.git\t", workingDirectory))
                .isEqualTo(new SourceLocation.GitUrl("https://github.com/acme/shop.git"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "ftp://example.com/shop.git        | the scheme is not one of https, http, ssh, git, file",
        "https://exa mple.com/shop.git     | the URL holds spaces",
        "https:///shop.git                 | '' is not a valid host name",
        "ssh://git@/shop.git               | '' is not a valid host name",
        "https://-bad-.com/shop.git        | '-bad-.com' is not a valid host name",
        "https://github.com                | the URL names no repository path",
        "https://github.com/               | the URL names no repository path",
        "file://srv/shop.git               | a file:// URL needs an absolute path",
        "no-such-directory                 | and it is not a git URL",
        "~~                                | SOURCE is empty"})
    void refusesMalformedSourcesSayingWhy(String source, String why) {
        assertThatThrownBy(() -> SourceLocation.parse(source, workingDirectory))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).startsWith("'" + source.trim() + "' is not a usable SOURCE: ")
                            .contains(why);
                    assertThat(error.agent()).isEqualTo(Agent.CONDUCTOR);
                    assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
                });
    }

    @Test
    void refusesAFile() throws IOException {
        Files.writeString(workingDirectory.resolve("package.json"), "{}");

        assertThatThrownBy(() -> SourceLocation.parse("package.json", workingDirectory))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a file, not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app", "./app", "app/", "../" + "WORKDIR" + "/app"})
    void takesAnExistingDirectoryResolvedAgainstTheWorkingDirectory(String relative) throws IOException {
        Path app = Files.createDirectories(workingDirectory.resolve("app"));
        String source = relative.replace("WORKDIR", workingDirectory.getFileName().toString());

        SourceLocation location = SourceLocation.parse(source, workingDirectory);

        assertThat(location).isEqualTo(new SourceLocation.LocalDirectory(app));
        assertThat(location.display()).isEqualTo(app.toString());
        assertThat(location.suggestedAppName()).isEqualTo("app");
    }

    @Test
    void takesAnAbsoluteDirectory() throws IOException {
        Path app = Files.createDirectories(workingDirectory.resolve("shop"));

        assertThat(SourceLocation.parse(app.toString(), Path.of("/"))).isEqualTo(new SourceLocation.LocalDirectory(app));
    }
}
