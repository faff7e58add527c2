package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code {file: path}} secret is read from inside the app's directory, never from anywhere else. */
class SecretFileTest {
    @TempDir
    Path temp;

    @Test
    void anAbsolutePathADotDotOrALinkOutOfTheAppsDirectoryIsRefusedEachNamed() throws Exception {
        Path app = Files.createDirectories(temp.resolve("repo/app"));
        write(temp, "repo/outside-secret", "from-the-repository");
        write(temp, "elsewhere/token", "from-elsewhere");
        Files.createDirectories(app.resolve("secrets"));
        Files.createSymbolicLink(app.resolve("secrets/linked"), temp.resolve("elsewhere/token"));
        Files.createSymbolicLink(app.resolve("shared"), temp.resolve("elsewhere"));
        write(app, "hivemind.yaml", """
                env:
                  ABSOLUTE: {file: %s}
                  CLIMBING: {file: ../outside-secret}
                  LINKED: {file: secrets/linked}
                  UNDER_LINK: {file: shared/token}
                """.formatted(temp.resolve("elsewhere/token")));

        assertThatThrownBy(() -> ProjectFile.read(app).config().environmentValues(app, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("env has 4 values HiveMind cannot resolve")
                .hasMessageContaining("env.ABSOLUTE: the secret file '" + temp.resolve("elsewhere/token")
                        + "' is an absolute path; secret files are read only from inside the app's directory " + app)
                .hasMessageContaining("env.CLIMBING: the secret file '../outside-secret' leads out of the app's "
                        + "directory (to " + temp.resolve("repo/outside-secret") + ")")
                .hasMessageContaining("env.LINKED: the secret file 'secrets/linked' is a symbolic link (or under one) to "
                        + temp.resolve("elsewhere/token").toRealPath() + ", outside the app's directory")
                .hasMessageContaining("env.UNDER_LINK: the secret file 'shared/token' is a symbolic link (or under "
                        + "one) to " + temp.resolve("elsewhere/token").toRealPath());
    }

    @Test
    void aLinkThatStaysInsideTheAppsDirectoryIsRead() throws Exception {
        Path app = Files.createDirectories(temp.resolve("app"));
        write(app, "secrets/token", "s3cr3t\n");
        Files.createSymbolicLink(app.resolve("token"), Path.of("secrets/token"));
        write(app, "hivemind.yaml", "env:\n  TOKEN: {file: token}\n  NESTED: {file: ./secrets/../secrets/token}\n");

        assertThat(ProjectFile.read(app).config().environmentValues(app, Map.of()))
                .containsEntry("TOKEN", "s3cr3t").containsEntry("NESTED", "s3cr3t");
    }
}
