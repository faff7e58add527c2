package dev.hivemind.runtime.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The instances' transient systemd services ({@link TransientService}) as the agent's other parts see them. */
public final class TransientUnits {
    private static final String UNIT_OPTION = "--unit=";

    private TransientUnits() {
    }

    /** The unit a {@code systemd-run} client of an instance started, read from its command line. */
    public static Optional<String> ofClient(long pid) {
        try {
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            String[] words = commandLine.split("\0");
            if (words.length == 0 || !words[0].endsWith("systemd-run")) {
                return Optional.empty();
            }
            return Stream.of(words).filter(word -> word.startsWith(UNIT_OPTION + "hm-"))
                    .map(word -> word.substring(UNIT_OPTION.length())).findFirst();
        } catch (IOException e) {
            return Optional.empty(); // gone
        }
    }

    /** Stops the unit (SIGTERM to its processes, SIGKILL after its grace) and forgets it. */
    public static void stop(String unit) {
        TransientService.stop(unit);
    }
}
