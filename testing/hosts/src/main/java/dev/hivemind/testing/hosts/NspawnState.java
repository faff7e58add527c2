package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What systemd-nspawn keeps on this machine while a container runs, and removes when it exits normally but not when
 * it is killed: the container's propagation directory and the lock on its root directory.
 */
final class NspawnState {
    private static final Path STATE = Path.of("/run/systemd/nspawn");

    private NspawnState() {
    }

    /** The propagation directories of every container; each is named after its machine. */
    static List<Path> propagationDirectories() {
        try (Stream<Path> entries = Files.list(STATE.resolve("propagate"))) {
            return entries.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Removes what a killed systemd-nspawn left for {@code machine} booted from {@code root} (still mounted: the lock
     * is named after the root's device and inode).
     */
    static void removeLeftovers(String machine, Path root) {
        Path propagate = STATE.resolve("propagate").resolve(machine);
        if (Files.isDirectory(propagate)) {
            Reaper.deleteTree(propagate);
        }
        try {
            Files.deleteIfExists(lock(root));
        } catch (IOException | UnsupportedOperationException e) {
            // The root is gone already; so is any way to name its lock.
        }
    }

    /** The lock systemd-nspawn takes on a container's root directory, named after its device and inode. */
    static Path lock(Path root) throws IOException {
        return STATE.resolve("locks").resolve("inode-" + Files.getAttribute(root, "unix:dev") + ":"
                + Files.getAttribute(root, "unix:ino"));
    }
}
