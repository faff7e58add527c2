package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path temp;

    @Test
    void aDirectoryAndItsMissingParentsAre0700AndAnExistingOneIsLeftAsItIs() throws IOException {
        // given
        Path shared = Files.createDirectory(temp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        // when
        Path deep = PrivateFiles.directory(shared.resolve("a/b"));
        PrivateFiles.directory(shared);

        // then
        assertThat(PrivateFiles.mode(deep)).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(deep.getParent())).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(shared)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aNewDirectoryIs0700AndMustNotExistYet() throws IOException {
        // when
        Path created = PrivateFiles.newDirectory(temp.resolve("deployments/d1"));

        // then
        assertThat(PrivateFiles.mode(created)).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(created.getParent())).isEqualTo("rwx------");
        assertThatThrownBy(() -> PrivateFiles.newDirectory(created)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void anAtomicWriteReplacesTheContentWithA0600FileAndLeavesNoTempFile() throws IOException {
        // given a readable file from before
        Path file = temp.resolve("home/state.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // when
        PrivateFiles.writeAtomically(file, bytes("new"), true);
        PrivateFiles.writeAtomically(temp.resolve("fresh/desired.json"), bytes("{}"), false);

        // then
        assertThat(file).hasContent("new");
        assertThat(PrivateFiles.mode(file)).isEqualTo("rw-------");
        assertThat(PrivateFiles.mode(temp.resolve("fresh"))).isEqualTo("rwx------");
        assertThat(PrivateFiles.mode(temp.resolve("fresh/desired.json"))).isEqualTo("rw-------");
        assertThat(names(file.getParent())).containsExactly("state.json");
    }

    @Test
    void anAtomicWriteThatCannotReplaceItsTargetFailsAndRemovesItsTempFile() throws IOException {
        // given a non-empty directory where the file should go
        Path file = temp.resolve("state.json");
        Files.createDirectories(file.resolve("inside"));

        // when / then
        assertThatThrownBy(() -> PrivateFiles.writeAtomically(file, bytes("new"), true))
                .isInstanceOf(IOException.class);
        assertThat(names(temp)).containsExactly("state.json");
    }

    @Test
    void aFileIsCreated0600OrMade0600KeepingItsContent() throws IOException {
        // given
        Path existing = Files.writeString(Files.createDirectories(temp.resolve("logs")).resolve("app.log"), "line\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw-rw-"));

        // when
        PrivateFiles.file(existing);
        Path created = PrivateFiles.file(temp.resolve("agent/agent.log"));

        // then
        assertThat(existing).hasContent("line");
        assertThat(PrivateFiles.mode(existing)).isEqualTo("rw-------");
        assertThat(created).isEmptyFile();
        assertThat(PrivateFiles.mode(created)).isEqualTo("rw-------");
        assertThat(PrivateFiles.mode(created.getParent())).isEqualTo("rwx------");
    }

    @Test
    void appendingCreatesA0600FileAndAddsToTheEnd() throws IOException {
        // given
        Path log = temp.resolve("deployments/d1/logs.txt");

        // when
        PrivateFiles.append(log, bytes("one\n"));
        PrivateFiles.append(log, bytes("two\n"));

        // then
        assertThat(log).hasContent("one\ntwo");
        assertThat(PrivateFiles.mode(log)).isEqualTo("rw-------");
        assertThat(PrivateFiles.mode(log.getParent())).isEqualTo("rwx------");
    }

    @Test
    void aLockFileIsCreated0600AndCanBeLocked() throws IOException {
        // given
        Path lockFile = temp.resolve("locks/shop.lock");

        // when
        try (FileChannel channel = PrivateFiles.openForLocking(lockFile); FileLock lock = channel.tryLock()) {
            // then
            assertThat(lock).isNotNull();
            assertThat(PrivateFiles.mode(lockFile)).isEqualTo("rw-------");
            assertThat(PrivateFiles.mode(lockFile.getParent())).isEqualTo("rwx------");
        }
    }

    @Test
    void deletingATreeRemovesALinkButNotWhatItPointsTo() throws IOException {
        // given
        Path outside = Files.writeString(temp.resolve("outside.txt"), "keep");
        Path tree = Files.createDirectories(temp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "x");
        Files.createSymbolicLink(tree.resolve("link"), outside);

        // when
        PrivateFiles.deleteTree(temp.resolve("tree"));
        PrivateFiles.deleteTree(temp.resolve("already-gone"));

        // then
        assertThat(temp.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep");
    }

    @Test
    void theModeOfAMissingPathIsEmpty() {
        assertThat(PrivateFiles.mode(temp.resolve("missing"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
