package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory passable by a service's own user is still private; any other access is not. */
class UserAccessTest {
    @TempDir
    Path temp;

    @Test
    void aPrivateDirectoryStaysPrivateWhenANamedUserMayOnlyPassThrough() throws Exception {
        Path directory = directory("rwx------");
        assertThat(UserAccess.privateButPassable(directory)).isTrue();

        UserAccess.grantTraversal(65534, directory.resolve("release"));

        assertThat(PrivateFiles.mode(directory)).isEqualTo("rwx--x---");
        assertThat(UserAccess.privateButPassable(directory)).isTrue();
        UserAccess.revoke(65534, directory.resolve("release"));
        assertThat(PrivateFiles.mode(directory)).isEqualTo("rwx------");
    }

    @Test
    void readForANamedUserOrAnythingForTheGroupIsNotPrivate() throws Exception {
        Path readable = directory("rwx------");
        UserAccess.grantRead(65534, readable);
        assertThat(UserAccess.privateButPassable(readable)).isFalse();
        assertThat(UserAccess.privateButPassable(directory("rwx--x---"))).isFalse();
    }

    private Path directory(String mode) throws IOException {
        Path directory = Files.createTempDirectory(temp, "d");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(mode));
        return directory;
    }
}
