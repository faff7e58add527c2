package dev.hivemind.target.kubernetes.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A base image with HiveMind's layers on top, as the {@code docker save} tarball jib-core takes for a base
 * ({@code manifest.json}, the configuration, one file per layer). This is how layers HiveMind wrote itself (with
 * their symbolic links) reach jib-core, whose own layers cannot hold links: jib then pushes the layers a registry
 * lacks and writes the final configuration and manifest.
 */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "config.json";

    private ImageTarball() {
    }

    /** A layer to put on the base: its compressed file, diff id and the history line that says what it is. */
    record Layer(Path file, String diffId, String createdBy) {
    }

    /**
     * @param base   the base as a {@code docker save} tarball, or empty for an image of HiveMind's layers alone
     * @param layers the layers to add, bottom first
     * @param work   an empty directory to unpack the base into
     * @param into   the tarball to write
     */
    static void write(Optional<Path> base, List<Layer> layers, Path work, Path into) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        ObjectNode config;
        List<String> layerNames = new ArrayList<>();
        if (base.isPresent()) {
            unpack(base.get(), work);
            JsonNode manifest = JSON.readTree(work.resolve("manifest.json").toFile()).get(0);
            config = (ObjectNode) JSON.readTree(work.resolve(manifest.get("Config").asText()).toFile());
            for (JsonNode layer : manifest.get("Layers")) {
                layerNames.add(layer.asText());
                files.put(layer.asText(), work.resolve(layer.asText()));
            }
        } else {
            config = scratchConfig();
        }
        ArrayNode diffIds = config.with("rootfs").put("type", "layers").withArray("diff_ids");
        ArrayNode history = config.withArray("history");
        for (int index = 0; index < layers.size(); index++) {
            Layer layer = layers.get(index);
            String name = "hivemind-" + index + ".tar.gz";
            layerNames.add(name);
            files.put(name, layer.file());
            diffIds.add(layer.diffId());
            history.addObject().put("created", "1970-01-01T00:00:00Z").put("created_by", layer.createdBy());
        }
        Path configFile = work.resolve("hivemind-" + CONFIG);
        JSON.writeValue(configFile.toFile(), config);
        ObjectNode entry = JSON.createObjectNode().put("Config", CONFIG);
        entry.putArray("RepoTags");
        layerNames.forEach(entry.putArray("Layers")::add);
        Path manifestFile = work.resolve("hivemind-manifest.json");
        JSON.writeValue(manifestFile.toFile(), JSON.createArrayNode().add(entry));
        try (OutputStream out = Files.newOutputStream(into);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            add(tar, "manifest.json", manifestFile);
            add(tar, CONFIG, configFile);
            for (Map.Entry<String, Path> file : files.entrySet()) {
                add(tar, file.getKey(), file.getValue());
            }
        }
    }

    /** An empty image's configuration, for {@code scratch}. */
    private static ObjectNode scratchConfig() {
        ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        config.putObject("config");
        return config;
    }

    private static void unpack(Path tarball, Path work) throws IOException {
        try (InputStream in = Files.newInputStream(tarball);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = work.resolve(entry.getName()).normalize();
                if (!target.startsWith(work) || !entry.isFile()) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        entry.setModTime(LayerTar.MODIFICATION_TIME_MILLIS);
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }
}
