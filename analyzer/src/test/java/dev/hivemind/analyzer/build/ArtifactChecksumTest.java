package dev.hivemind.analyzer.build;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactChecksumTest {

    @TempDir
    Path root;

    @Test
    void isSha256HexWithTheTotalSizeOfRegularFiles() throws IOException {
        Path tree = tree("a");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("package.json"));

        ArtifactChecksum checksum = ArtifactChecksum.of(tree);

        assertThat(checksum.value()).matches("sha256:[0-9a-f]{64}");
        assertThat(checksum.sizeBytes()).isEqualTo(Files.size(tree.resolve("package.json"))
                + Files.size(tree.resolve("src/index.js")) + Files.size(tree.resolve("src/lib/util.js")));
    }

    @Test
    void isTheSameForTheSameTreeWhateverTheCreationOrderAndTimestamps() throws IOException {
        Path first = root.resolve("first");
        write(first, "src/lib/util.js", "exports.x = 1;\n");
        write(first, "src/index.js", "require('./lib/util');\n");
        write(first, "package.json", "{}\n");
        Path second = root.resolve("second");
        write(second, "package.json", "{}\n");
        write(second, "src/index.js", "require('./lib/util');\n");
        write(second, "src/lib/util.js", "exports.x = 1;\n");
        Files.setLastModifiedTime(second.resolve("package.json"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        assertThat(ArtifactChecksum.of(first)).isEqualTo(ArtifactChecksum.of(second));
        assertThat(ArtifactChecksum.of(first)).isEqualTo(ArtifactChecksum.of(first));
    }

    @Test
    void changesWithAnyContent() throws IOException {
        Path tree = tree("a");
        ArtifactChecksum before = ArtifactChecksum.of(tree);

        write(tree, "src/lib/util.js", "exports.x = 2;\n");

        assertThat(ArtifactChecksum.of(tree).value()).isNotEqualTo(before.value());
    }

    @Test
    void changesWithAnyName() throws IOException {
        Path tree = tree("a");
        ArtifactChecksum before = ArtifactChecksum.of(tree);

        Files.move(tree.resolve("src/index.js"), tree.resolve("src/main.js"));

        assertThat(ArtifactChecksum.of(tree).value()).isNotEqualTo(before.value());
        assertThat(ArtifactChecksum.of(tree).sizeBytes()).isEqualTo(before.sizeBytes());
    }

    @Test
    void changesWhenContentMovesBetweenFiles() throws IOException {
        Path left = root.resolve("left");
        write(left, "a", "xy");
        write(left, "b", "");
        Path right = root.resolve("right");
        write(right, "a", "x");
        write(right, "b", "y");

        assertThat(ArtifactChecksum.of(left).value()).isNotEqualTo(ArtifactChecksum.of(right).value());
    }

    @Test
    void changesWithAnEmptyDirectoryALinkTargetOrAnExecutableBit() throws IOException {
        Path tree = tree("a");
        String plain = ArtifactChecksum.of(tree).value();

        Files.createDirectory(tree.resolve("empty"));
        String withDirectory = ArtifactChecksum.of(tree).value();
        Files.createSymbolicLink(tree.resolve("link"), Path.of("package.json"));
        String withLink = ArtifactChecksum.of(tree).value();
        Files.delete(tree.resolve("link"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("src/index.js"));
        String withOtherTarget = ArtifactChecksum.of(tree).value();
        Files.setPosixFilePermissions(tree.resolve("package.json"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String withExecutable = ArtifactChecksum.of(tree).value();

        assertThat(java.util.List.of(plain, withDirectory, withLink, withOtherTarget, withExecutable))
                .doesNotHaveDuplicates();
    }

    @Test
    void neverFollowsLinks() throws IOException {
        Path outside = write(root, "outside/secret.txt", "one");
        Path tree = tree("a");
        Files.createSymbolicLink(tree.resolve("out"), outside.getParent());
        ArtifactChecksum before = ArtifactChecksum.of(tree);

        write(root, "outside/secret.txt", "two");

        assertThat(ArtifactChecksum.of(tree)).isEqualTo(before);
    }

    @Test
    void refusesWhatIsNotADirectory() {
        Path file = write(root, "file.txt", "x");

        assertThatThrownBy(() -> ArtifactChecksum.of(file)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArtifactChecksum("md5:abc", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private Path tree(String name) {
        Path tree = root.resolve(name);
        write(tree, "package.json", "{\"name\": \"a\"}\n");
        write(tree, "src/index.js", "require('./lib/util');\n");
        write(tree, "src/lib/util.js", "exports.x = 1;\n");
        return tree;
    }
}
