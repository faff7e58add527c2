package dev.hivemind.target.kubernetes.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTarTest {
    @TempDir
    Path dir;

    @Test
    void keepsLinksAndModesAndIsTheSameBytesEveryTime() throws IOException, InterruptedException {
        Path artifact = Files.createDirectories(dir.resolve("artifact"));
        Files.createDirectories(artifact.resolve("node_modules/.bin"));
        Files.writeString(artifact.resolve("node_modules/tool.js"), "run()\n");
        Files.createSymbolicLink(artifact.resolve("node_modules/.bin/tool"), Path.of("../tool.js"));
        Files.createSymbolicLink(artifact.resolve("python"), Path.of("/usr/bin/python3"));
        Files.writeString(artifact.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(artifact.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(artifact.resolve("data"));
        Files.setPosixFilePermissions(artifact.resolve("data"), PosixFilePermissions.fromString("rwx------"));

        LayerTar.Written first = LayerTar.write(artifact, List.of("node_modules", "python", "run.sh", "data"), "app",
                true, dir.resolve("first.tar.gz"));
        Thread.sleep(1100);
        Files.setLastModifiedTime(artifact.resolve("run.sh"), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis()));
        LayerTar.Written second = LayerTar.write(artifact, List.of("data", "run.sh", "python", "node_modules"),
                "app", true, dir.resolve("second.tar.gz"));

        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
        assertThat(second.diffId()).isEqualTo(first.diffId()).startsWith("sha256:");
        Map<String, TarArchiveEntry> entries = entries(first.file());
        assertThat(entries.keySet()).containsExactly("app/", "app/data/", "app/node_modules/",
                "app/node_modules/.bin/", "app/node_modules/.bin/tool", "app/node_modules/tool.js", "app/python",
                "app/run.sh");
        assertThat(entries.get("app/node_modules/.bin/tool").isSymbolicLink()).isTrue();
        assertThat(entries.get("app/node_modules/.bin/tool").getLinkName()).isEqualTo("../tool.js");
        assertThat(entries.get("app/python").getLinkName()).isEqualTo("/usr/bin/python3");
        assertThat(entries.get("app/run.sh").getMode() & 07777).isEqualTo(0750);
        assertThat(entries.get("app/data/").getMode() & 07777).isEqualTo(0700);
        assertThat(entries.get("app/data/").isDirectory()).isTrue();
        assertThat(entries.values()).allSatisfy(entry -> {
            assertThat(entry.getModTime().getTime()).isEqualTo(LayerTar.MODIFICATION_TIME_MILLIS);
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getUserName()).isEmpty();
        });
        assertThat(first.entries()).isEqualTo(7);
    }

    @Test
    void cutsTheDependenciesApartFromTheCode() throws IOException {
        Path artifact = Files.createDirectories(dir.resolve("artifact"));
        Files.createDirectories(artifact.resolve("node_modules"));
        Files.createDirectories(artifact.resolve(".venv"));
        Files.writeString(artifact.resolve("server.js"), "");

        assertThat(LayerPlan.of(artifact, "nodejs")).isEqualTo(new LayerPlan(List.of("node_modules"),
                List.of(".venv", "server.js")));
        assertThat(LayerPlan.of(artifact, "go")).isEqualTo(new LayerPlan(List.of(),
                List.of(".venv", "node_modules", "server.js")));
    }

    private static Map<String, TarArchiveEntry> entries(Path layer) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream gzip = new GZIPInputStream(Files.newInputStream(layer));
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }
}
