package dev.hivemind.analyzer.stack;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The start command {@code hivemind.yaml} gives ({@code start:}), known to the detectors while one detection runs so
 * that a detector which finds no way to start the app takes it instead of refusing the app: the file overrides
 * detection exactly where detection fails, as a Procfile's {@code web:} line does.
 */
public final class ConfiguredStart {
    /** Where a start command taken from {@code hivemind.yaml} comes from, for evidence lines. */
    public static final String SOURCE = "hivemind.yaml start";
    private static final ThreadLocal<Optional<String>> CONFIGURED = ThreadLocal.withInitial(Optional::empty);

    private ConfiguredStart() {
    }

    /** Runs {@code detection} with {@code start} as the configured start command (on this thread, until it returns). */
    public static <T> T within(Optional<String> start, Supplier<T> detection) {
        Optional<String> outer = CONFIGURED.get();
        CONFIGURED.set(start);
        try {
            return detection.get();
        } finally {
            CONFIGURED.set(outer);
        }
    }

    /** The configured start command, as the finding a detector gives when it found none of its own. */
    public static Optional<Finding> finding() {
        return CONFIGURED.get().map(command -> new Finding(command, "start_command '" + command + "' from " + SOURCE
                + " (detection found no start command)"));
    }
}
