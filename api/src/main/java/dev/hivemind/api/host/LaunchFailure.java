package dev.hivemind.api.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a command could not start, told as it is. The one failure that is not about the command itself is the kernel
 * refusing its arguments and environment as too large ({@code E2BIG}, "Argument list too long"): the tool is fine,
 * the environment it was given is not, so "check that the tool works" would send the user the wrong way.
 */
public final class LaunchFailure {
    /** The most one argument or one environment entry ({@code NAME=value}) may hold on Linux: MAX_ARG_STRLEN. */
    public static final int MAX_ENTRY_BYTES = 128 * 1024;

    private LaunchFailure() {
    }

    /** Whether the command could not start because its arguments and environment are too large. */
    public static boolean tooLarge(IOException failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("error=7,") || message.contains("Argument list too long");
    }

    /**
     * What was too large, when {@link #tooLarge} holds: the largest environment variable (of this process's own,
     * with {@code added} over them) and the size of the whole; empty otherwise.
     */
    public static Optional<String> describe(IOException failure, List<String> command, Map<String, String> added) {
        if (!tooLarge(failure)) {
            return Optional.empty();
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(added);
        Map.Entry<String, String> largest = environment.entrySet().stream()
                .max((a, b) -> Integer.compare(bytes(a), bytes(b))).orElseThrow();
        long total = environment.entrySet().stream().mapToLong(LaunchFailure::bytes).sum()
                + command.stream().mapToLong(word -> word.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        return Optional.of("the system refused to start `" + command.getFirst() + "`: its environment and arguments "
                + "are too large (E2BIG, Argument list too long); the largest variable, " + largest.getKey() + ", is "
                + bytes(largest) + " bytes" + (bytes(largest) >= MAX_ENTRY_BYTES ? " (Linux allows " + MAX_ENTRY_BYTES
                + " per variable)" : "") + ", and " + environment.size() + " variables and the arguments are "
                + total + " bytes together");
    }

    /** What to do about {@link #describe}. */
    public static String remedy() {
        return "Make the environment smaller: unset large variables in the shell that runs hivemind, and pass a large "
                + "value to the app as a file instead (a {file: path} secret in hivemind.yaml, or a path in the "
                + "variable)";
    }

    private static int bytes(Map.Entry<String, String> entry) {
        return (entry.getKey() + "=" + entry.getValue()).getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
