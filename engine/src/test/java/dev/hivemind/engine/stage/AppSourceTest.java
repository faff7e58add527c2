package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --app-dir} names a directory inside the repository, by its path and by where its links lead. */
class AppSourceTest {
    @TempDir
    Path temp;

    @Test
    void aLinkedAppDirectoryThatLeadsOutOfTheRepositoryIsRefused() throws Exception {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere/app"));
        Files.createSymbolicLink(repository.resolve("app"), elsewhere);
        Files.createSymbolicLink(repository.resolve("up"), temp.resolve("elsewhere"));

        assertThatThrownBy(() -> AppSource.appDirectory(repository, Optional.of("app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("app directory 'app' is a symbolic link (or under one) to " + elsewhere.toRealPath()
                        + ", outside the repository " + repository);
        assertThatThrownBy(() -> AppSource.appDirectory(repository, Optional.of("up/app")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("app directory 'up/app' is a symbolic link (or under one) to ");
    }

    @Test
    void aLinkThatStaysInsideTheRepositoryAndAPlainSubDirectoryAreTheApp() throws Exception {
        Path repository = Files.createDirectories(temp.resolve("repo"));
        Path real = Files.createDirectories(repository.resolve("apps/web"));
        Files.createSymbolicLink(repository.resolve("web"), Path.of("apps/web"));

        assertThat(AppSource.appDirectory(repository, Optional.of("web"))).isEqualTo(repository.resolve("web"));
        assertThat(AppSource.appDirectory(repository, Optional.of("apps/web"))).isEqualTo(real);
        assertThatThrownBy(() -> AppSource.appDirectory(repository, Optional.of("../repo2")))
                .hasMessageContaining("is outside the repository");
    }
}
