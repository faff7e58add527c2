package dev.hivemind.api.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The processes a command left behind when it ended, found and ended: a build tool's daemon (the nx daemon, a Gradle
 * daemon, anything started with {@code setsid} or {@code nohup} and {@code &}) leaves the command's process group and
 * is re-parented to init, so neither the group nor the process tree finds it. Its environment does: the command runs
 * with a variable of its own ({@link #VARIABLE}, a random value), which every process it starts inherits; after the
 * command, every process of this user whose {@code /proc/<pid>/environ} holds it is killed. Only a process that
 * clears its environment escapes.
 */
public final class Leftovers {
    /** The variable that marks a command's processes. */
    public static final String VARIABLE = "HIVEMIND_RUN_MARK";

    private final String mark;

    private Leftovers(String mark) {
        this.mark = mark;
    }

    /** A new mark, for one command. */
    public static Leftovers mark() {
        return new Leftovers(UUID.randomUUID().toString());
    }

    /** The value of {@link #VARIABLE} for the command. */
    public String value() {
        return mark;
    }

    /** Kills (SIGKILL) every process still carrying the mark; gives their pids. */
    public List<Long> end() {
        byte[] marker = (VARIABLE + "=" + mark).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> marked = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self && carries(process.pid(), marker)).toList();
        marked.forEach(ProcessHandle::destroyForcibly);
        return marked.stream().map(ProcessHandle::pid).toList();
    }

    private static boolean carries(long pid, byte[] marker) {
        try {
            byte[] environment = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            return indexOf(environment, marker) >= 0;
        } catch (IOException | SecurityException unreadable) {
            return false; // another user's process, or gone: not ours to end
        }
    }

    private static int indexOf(byte[] environment, byte[] marker) {
        outer:
        for (int start = 0; start + marker.length <= environment.length; start++) {
            if (start > 0 && environment[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < marker.length; i++) {
                if (environment[start + i] != marker[i]) {
                    continue outer;
                }
            }
            if (start + marker.length == environment.length || environment[start + marker.length] == 0) {
                return start;
            }
        }
        return -1;
    }
}
