package dev.hivemind.analyzer.build;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {

    @TempDir
    Path root;

    @Test
    void copiesATreeWithoutTheExcludedDirectoriesKeepingLinksAndModes() throws IOException {
        Path source = root.resolve("source");
        write(source, "package.json", "{}");
        write(source, "src/index.js", "x");
        write(source, ".git/HEAD", "ref: refs/heads/main");
        write(source, "node_modules/express/index.js", "x");
        write(source, "packages/a/node_modules/b/index.js", "x");
        Path script = write(source, "bin/run", "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(source.resolve("entry.js"), Path.of("src/index.js"));
        Path target = root.resolve("target");

        Directories.copyTree(source, target, Set.of(".git", "node_modules"), target);

        assertThat(target.resolve("package.json")).hasContent("{}");
        assertThat(target.resolve("src/index.js")).exists();
        assertThat(target.resolve(".git")).doesNotExist();
        assertThat(target.resolve("node_modules")).doesNotExist();
        assertThat(target.resolve("packages/a")).isDirectory();
        assertThat(target.resolve("packages/a/node_modules")).doesNotExist();
        assertThat(Files.isExecutable(target.resolve("bin/run"))).isTrue();
        assertThat(Files.isSymbolicLink(target.resolve("entry.js"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("entry.js"))).isEqualTo(Path.of("src/index.js"));
    }

    @Test
    void doesNotCopyTheTargetIntoItselfWhenItLiesInsideTheSource() throws IOException {
        Path source = root.resolve("source");
        write(source, "package.json", "{}");
        Path target = source.resolve("out/artifact");

        Directories.copyTree(source, target, Set.of(), target);

        assertThat(target.resolve("package.json")).exists();
        assertThat(target.resolve("out")).isDirectory().isEmptyDirectory();
    }

    @Test
    void deletesATreeButNotWhatItsLinksPointTo() throws IOException {
        Path kept = write(root, "kept/file.txt", "keep me");
        Path tree = root.resolve("tree");
        write(tree, "a/b/c.txt", "x");
        Files.createSymbolicLink(tree.resolve("a/link"), kept.getParent());

        PrivateFiles.deleteTree(tree);
        PrivateFiles.deleteTree(tree);

        assertThat(tree).doesNotExist();
        assertThat(kept).hasContent("keep me");
    }

    @Test
    void tellsAMissingOrEmptyDirectory() throws IOException {
        assertThat(Directories.isMissingOrEmpty(root.resolve("missing"))).isTrue();
        assertThat(Directories.isMissingOrEmpty(root)).isTrue();
        Path file = write(root, "file", "");
        assertThat(Directories.isMissingOrEmpty(root)).isFalse();
        assertThat(Directories.isMissingOrEmpty(file)).isFalse();
        assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
