package dev.hivemind.runtime.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the agent reads of a process in {@code /proc/<pid>/stat}: its state, its process group and its start time.
 *
 * <p>The start time is field 22, {@code starttime}, in clock ticks since boot. It is the identity check for re-adoption
 * because it is an exact integer the kernel fixes when the process is created and never changes (not on exec, not when
 * the clock is set); a recycled pid gets a later value. {@code ProcessHandle.Info.startInstant()} is derived from the
 * same ticks plus a boot time the JDK computes, so it can differ by rounding between two JVMs and is not compared.
 *
 * @param pid        the process id
 * @param state      the one-letter state ({@code R}, {@code S}, {@code Z}, ...)
 * @param group      the process group id
 * @param startTicks when the process started, in clock ticks since boot
 */
public record ProcStat(long pid, char state, long group, long startTicks) {
    private static final int STATE = 0;
    private static final int GROUP = 2;
    private static final int START_TIME = 19; // field 22, counted from field 3 (the first after the command name)
    private static final long TICKS_PER_SECOND = 100; // USER_HZ, what /proc counts in on Linux

    /** The process's stat, or empty when no such process exists (or it vanished while being read). */
    public static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(pid, Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a stat line; the command name may hold spaces and parentheses, the fields after its last ')' do not. */
    static ProcStat parse(long pid, String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 > stat.length()) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(end + 2).strip().split(" ");
        if (fields.length <= START_TIME) {
            throw new IllegalArgumentException("/proc/" + pid + "/stat has " + (fields.length + 2) + " fields, expected at least 22");
        }
        return new ProcStat(pid, fields[STATE].charAt(0), Long.parseLong(fields[GROUP]), Long.parseLong(fields[START_TIME]));
    }

    /** Whether the process has exited (a zombie nobody reaped counts as exited). */
    public boolean exited() {
        return state == 'Z' || state == 'X';
    }

    /** Whether the process leads its own process group, as an instance started under {@code setsid} does. */
    public boolean groupLeader() {
        return group == pid;
    }

    /**
     * How long ago the process started: {@code /proc/uptime} minus its start ticks, both counted from boot, so exact to
     * a tick (10 ms); a difference with {@code ProcessHandle}'s start instant would be off by the JDK's rounding of the
     * boot time, up to a second.
     */
    public Optional<Duration> age() {
        try {
            String uptime = Files.readString(Path.of("/proc/uptime")).strip().split(" ")[0];
            long uptimeMillis = Math.round(Double.parseDouble(uptime) * 1000);
            return Optional.of(Duration.ofMillis(uptimeMillis - startTicks * 1000 / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
