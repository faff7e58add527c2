package dev.hivemind.api.rollout;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one instance of an app may use on its host when the agent runs as root: memory (its processes together, in
 * bytes) and tasks (processes and threads together). Enforced by the instance's transient systemd service
 * ({@code MemoryMax}, {@code TasksMax}) where the agent runs under systemd, else by a cgroup of its own where the host
 * lets the agent make one, else by rlimits ({@code RLIMIT_DATA} per process, {@code RLIMIT_NPROC} per user).
 *
 * @param memoryBytes the memory limit in bytes, at least {@value #MIN_MEMORY_MIB} MiB
 * @param tasks       the most processes and threads at once, at least {@value #MIN_TASKS}
 */
public record ResourceLimits(long memoryBytes, int tasks) {
    public static final long MIN_MEMORY_MIB = 16;
    public static final int MIN_TASKS = 8;
    private static final long MIB = 1024L * 1024;
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)i?[bB]?");

    public ResourceLimits {
        if (memoryBytes < MIN_MEMORY_MIB * MIB) {
            throw new IllegalArgumentException("limits.memory must be at least " + MIN_MEMORY_MIB + "M, got "
                    + memoryBytes + " bytes");
        }
        if (tasks < MIN_TASKS) {
            throw new IllegalArgumentException("limits.tasks must be at least " + MIN_TASKS + ", got " + tasks);
        }
    }

    /** 512 MiB and 256 tasks per instance: room for a Node, Python, Go or small JVM service, not for a fork bomb. */
    public static ResourceLimits defaults() {
        return new ResourceLimits(512 * MIB, 256);
    }

    /** {@code 512M}, {@code 2G}, {@code 65536K}, {@code 1Gi} or a number of bytes. */
    public static long parseSize(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "'; write it like 512M or 2G");
        }
        long amount = Long.parseLong(matcher.group(1));
        int shift = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return amount << shift;
    }

    /** The memory limit as people write it: {@code 512M}, {@code 2G}, or bytes. */
    public String memory() {
        if (memoryBytes % (1024 * MIB) == 0) {
            return memoryBytes / (1024 * MIB) + "G";
        }
        return memoryBytes % MIB == 0 ? memoryBytes / MIB + "M" : memoryBytes + " bytes";
    }

    @Override
    public String toString() {
        return "memory " + memory() + ", tasks " + tasks;
    }
}
