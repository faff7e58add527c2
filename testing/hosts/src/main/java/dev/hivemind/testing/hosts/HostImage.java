package dev.hivemind.testing.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The test hosts' root filesystem, which {@code scripts/test-hosts-image} builds once per version of that script and
 * caches under {@code /var/cache/hivemind/test-hosts}. Hosts mount it read-only as the lower layer of an overlay, so
 * it is never copied and never changed.
 */
final class HostImage {
    static final String SCRIPT = "scripts/test-hosts-image";
    /** mmdebstrap downloads about 150 MB of packages the first time. */
    private static final Duration BUILD = Duration.ofMinutes(20);
    private static Optional<Path> rootfs = Optional.empty();

    private HostImage() {
    }

    /** The image's directory: built now if this version of the script has not built it yet. */
    static synchronized Path rootfs() {
        if (rootfs.isEmpty()) {
            Path script = script(Path.of("").toAbsolutePath());
            ExecResult built = Commands.run(List.of(script.toString()), BUILD);
            if (!built.ok()) {
                throw new TestHostException(script + " could not build the test hosts' image (exit " + built.exitCode()
                        + "): " + built.errors().strip());
            }
            if (!built.errors().isBlank()) {
                System.err.print(built.errors());
            }
            Path directory = Path.of(built.output().strip());
            if (!Files.isDirectory(directory.resolve("usr/lib/systemd"))) {
                throw new TestHostException(script + " printed " + directory + ", which holds no Debian system;"
                        + " remove it and run " + SCRIPT + " again");
            }
            rootfs = Optional.of(directory);
        }
        return rootfs.get();
    }

    /** {@code scripts/test-hosts-image} of the checkout {@code start} is in (a module's directory when Maven runs). */
    static Path script(Path start) {
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path script = directory.resolve(SCRIPT);
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new TestHostException("no executable " + SCRIPT + " in " + start + " or above it; run the tests from"
                + " a HiveMind checkout");
    }
}
