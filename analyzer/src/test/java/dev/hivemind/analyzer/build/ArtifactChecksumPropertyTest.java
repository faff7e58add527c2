package dev.hivemind.analyzer.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.cache.ArtifactRelocation;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-read checksum of a relocated cache hit over generated artifacts: text files that name the directory they
 * were built in (or not), binary files, executables, links into and out of it.
 */
class ArtifactChecksumPropertyTest {
    private static final String BUILT = "{built}";

    @Property(tries = 60)
    void oneReadGivesTheChecksumsOfTwoPasses(@ForAll("artifacts") Map<String, Item> items) throws IOException {
        Path root = Files.createTempDirectory("hivemind-checksum-property-");
        try {
            Path built = root.resolve("d1/artifacts/attempt-1");
            create(built, items);
            ArtifactRelocation.Plan plan = ArtifactRelocation.scan(built);
            Path entry = root.resolve("cache/entry/artifact");
            Directories.copyTree(built, entry, Set.of(), root.resolve("none"));
            Path artifact = root.resolve("d2/artifacts/attempt-1");

            Directories.linkTree(entry, artifact);
            ArtifactChecksum beforeTwoPass = ArtifactChecksum.of(artifact);
            ArtifactRelocation.apply(plan, built, artifact);
            ArtifactChecksum afterTwoPass = ArtifactChecksum.of(artifact);
            PrivateFiles.deleteTree(artifact);

            Directories.linkTree(entry, artifact);
            ArtifactRelocation.Rewrite rewrite = new ArtifactRelocation.Rewrite(plan, built, artifact);
            ArtifactChecksum.Substituted onePass = ArtifactChecksum.of(artifact, rewrite);
            rewrite.write();

            assertThat(onePass.current()).isEqualTo(beforeTwoPass).isEqualTo(ArtifactChecksum.of(entry))
                    .isEqualTo(ArtifactChecksum.of(built));
            assertThat(onePass.substituted()).isEqualTo(afterTwoPass).isEqualTo(ArtifactChecksum.of(artifact));
            assertThat(onePass.substituted().equals(onePass.current()))
                    .isEqualTo(plan.files().isEmpty() && plan.links().isEmpty());
            assertThat(ArtifactChecksum.of(entry)).isEqualTo(onePass.current());
        } finally {
            PrivateFiles.deleteTree(root);
        }
    }

    /** A file (text naming {@value #BUILT} or not, or binary) or a link (into the built directory or elsewhere). */
    record Item(boolean link, String content, boolean executable) {
    }

    @Provide
    Arbitrary<Map<String, Item>> artifacts() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "bin", "lib", ".venv", "x.py", "activate");
        Arbitrary<String> paths = names.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts));
        Arbitrary<String> text = Arbitraries.of("#!" + BUILT + "/.venv/bin/python3\nprint(1)\n", "plain text\n",
                "", "home = " + BUILT + "\nagain " + BUILT + "/lib\n", "no path here, only " + "/tmp/other\n");
        Arbitrary<Item> files = Combinators.combine(text, Arbitraries.of(true, false))
                .as((content, executable) -> new Item(false, content, executable));
        Arbitrary<Item> binaries = Arbitraries.of(new Item(false, "\0ELF\1\2", false));
        Arbitrary<Item> links = Arbitraries.of(BUILT + "/.venv", BUILT + "/lib/x.py", "../elsewhere", "a/b")
                .map(target -> new Item(true, target, false));
        return Arbitraries.maps(paths, Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, files), net.jqwik.api.Tuple.of(1, binaries),
                        net.jqwik.api.Tuple.of(2, links)))
                .ofMinSize(1).ofMaxSize(12);
    }

    /** Writes the items whose paths do not collide with a file already made a directory (or the other way). */
    private static void create(Path built, Map<String, Item> items) throws IOException {
        Files.createDirectories(built);
        for (Map.Entry<String, Item> item : items.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Path path = built.resolve(item.getKey());
            if (!fits(built, path)) {
                continue;
            }
            Files.createDirectories(path.getParent());
            String content = item.getValue().content().replace(BUILT, built.toString());
            if (item.getValue().link()) {
                Files.createSymbolicLink(path, Path.of(content));
            } else {
                Files.write(path, content.getBytes(StandardCharsets.UTF_8));
                if (item.getValue().executable()) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static boolean fits(Path built, Path path) {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path parent = path.getParent(); !parent.equals(built); parent = parent.getParent()) {
            if (Files.exists(parent, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }
}
