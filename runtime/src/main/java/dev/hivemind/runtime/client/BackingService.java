package dev.hivemind.runtime.client;

import java.util.List;
import java.util.Objects;

/**
 * A process an app needs before its instances start, such as its private database server. The agent keeps it with
 * the app in desired.json and, each time it starts (by hand, or after a reboot or a crash that took every process
 * down), runs {@code check} and, when that fails, {@code start}, before it starts the app's instances. The agent
 * never stops it: whoever recorded it does (destroying the app forgets it).
 *
 * <p>Neither command may hold a secret: both are kept in desired.json and written to the agent's log.
 *
 * @param name  what it is, for the log, e.g. {@code postgresql}
 * @param check the command (program and arguments) that exits 0 when the service runs
 * @param start the command that starts it in the background and returns once it serves (exit 0)
 */
public record BackingService(String name, List<String> check, List<String> start) {
    public BackingService {
        Objects.requireNonNull(name, "a backing service needs a name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a backing service needs a name");
        }
        check = command(name, "check", check);
        start = command(name, "start", start);
    }

    private static List<String> command(String name, String what, List<String> command) {
        if (command == null || command.isEmpty() || command.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("backing service " + name + " needs a " + what
                    + " command (program and arguments), got " + command);
        }
        return List.copyOf(command);
    }
}
