package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cgroup v1 {@code memory} and {@code pids} hierarchies the agent gives each instance a cgroup in: under the
 * agent's own cgroup in each ({@code <mount>/<agent's path>/hivemind/<app user>/<release>.<replica>}), so what the
 * agent was given (a systemd unit, a container) still bounds its apps. Used where both hierarchies are mounted and the
 * agent (root) may make cgroups in them; elsewhere the agent falls back to rlimits ({@link Isolation}).
 *
 * @param memory the agent's {@code hivemind} directory in the memory hierarchy
 * @param pids   the agent's {@code hivemind} directory in the pids hierarchy
 */
record Cgroups(Path memory, Path pids) {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");
    static final String DIRECTORY = "hivemind";

    /** The hierarchies, when both are mounted and a directory can be made in each; else why not. */
    static Result detect() {
        Optional<Path> memory = base("memory");
        Optional<Path> pids = base("pids");
        if (memory.isEmpty() || pids.isEmpty()) {
            return new Result(Optional.empty(), "no cgroup v1 memory and pids hierarchies are mounted");
        }
        try {
            Files.createDirectories(memory.get());
            Files.createDirectories(pids.get());
            return new Result(Optional.of(new Cgroups(memory.get(), pids.get())), "");
        } catch (IOException | UnsupportedOperationException e) {
            return new Result(Optional.empty(), "cannot make a cgroup in " + memory.get().getParent() + " and "
                    + pids.get().getParent() + " (" + e.getMessage() + ")");
        }
    }

    /** What {@link #detect} found: the hierarchies, or why they cannot be used. */
    record Result(Optional<Cgroups> cgroups, String why) { }

    /** The cgroup of one instance (made by {@link Leaf#create}). */
    Leaf leaf(String user, String releaseId, int replica) {
        String name = releaseId + "." + replica;
        return new Leaf(memory.resolve(user).resolve(name), pids.resolve(user).resolve(name));
    }

    /** The cgroups a running process is in, read from {@code /proc/<pid>/cgroup} (for an adopted instance). */
    static Optional<Leaf> of(long pid) {
        Optional<Path> memory = current(pid, "memory");
        Optional<Path> pids = current(pid, "pids");
        return memory.isPresent() && pids.isPresent() && memory.get().toString().contains("/" + DIRECTORY + "/")
                ? Optional.of(new Leaf(memory.get(), pids.get())) : Optional.empty();
    }

    /** Removes the app user's directories (they must be empty: every instance's leaf was removed). */
    void removeUser(String user) {
        for (Path directory : List.of(memory.resolve(user), pids.resolve(user))) {
            try {
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                // a leaf still holds a process the kill missed; the next destroy of a same-named app tries again
            }
        }
    }

    /**
     * One instance's cgroup in both hierarchies: its memory limit (swap included, where swap is accounted) and its
     * tasks limit.
     */
    record Leaf(Path memory, Path pids) {
        void create(ResourceLimits limits) throws IOException {
            Files.createDirectories(memory);
            Files.createDirectories(pids);
            write(memory.resolve("memory.limit_in_bytes"), String.valueOf(limits.memoryBytes()));
            Path withSwap = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(withSwap)) {
                write(withSwap, String.valueOf(limits.memoryBytes()));
            }
            write(pids.resolve("pids.max"), String.valueOf(limits.tasks()));
        }

        /** The shell words that move the shell into both cgroups before it execs the rest. */
        List<String> join(List<String> command) {
            List<String> full = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > '" + memory.resolve("cgroup.procs")
                    + "' && echo $$ > '" + pids.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
            full.addAll(command);
            return full;
        }

        /** How often the kernel killed a process of it for going over its memory limit. */
        int memoryKills() {
            return counter(memory.resolve("memory.oom_control"), "oom_kill");
        }

        /** How often a fork or thread was refused for going over its tasks limit. */
        int taskLimitHits() {
            return counter(pids.resolve("pids.events"), "max");
        }

        /** Its live processes (in either hierarchy). */
        List<Long> processes() {
            return Stream.concat(procs(memory).stream(), procs(pids).stream()).distinct().toList();
        }

        /** SIGKILLs whatever still runs in it (children that left the process group and session included). */
        void killAll() {
            for (int round = 0; round < 200; round++) {
                List<Long> left = processes();
                if (left.isEmpty()) {
                    return;
                }
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                sleep();
            }
        }

        /** Kills what is left and removes both directories. */
        void remove() {
            killAll();
            for (Path directory : List.of(memory, pids)) {
                for (int attempt = 0; attempt < 50 && Files.isDirectory(directory); attempt++) {
                    try {
                        Files.deleteIfExists(directory);
                    } catch (IOException busy) {
                        sleep(); // the last process is still being torn down
                    }
                }
                try {
                    Files.deleteIfExists(directory.getParent()); // the app user's, once its last instance left
                } catch (IOException stillUsed) {
                    // another instance of the app runs
                }
            }
        }

        private static List<Long> procs(Path directory) {
            try {
                return Files.readAllLines(directory.resolve("cgroup.procs")).stream().filter(line -> !line.isBlank())
                        .map(line -> Long.parseLong(line.strip())).toList();
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }

        private static int counter(Path file, String name) {
            try {
                return Files.readAllLines(file).stream().map(line -> line.split("\\s+"))
                        .filter(fields -> fields.length == 2 && fields[0].equals(name))
                        .mapToInt(fields -> Integer.parseInt(fields[1])).findFirst().orElse(0);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private static Optional<Path> base(String controller) {
        return mount(controller).flatMap(mount -> current(ProcessHandle.current().pid(), controller)
                .map(own -> own.resolve(DIRECTORY)));
    }

    /** {@code <mount>/<the process's path>} in the v1 hierarchy of {@code controller}. */
    private static Optional<Path> current(long pid, String controller) {
        Optional<Path> mount = mount(controller);
        if (mount.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "cgroup"))) {
            return lines.map(line -> line.split(":", 3)).filter(fields -> fields.length == 3)
                    .filter(fields -> List.of(fields[1].split(",")).contains(controller)).findFirst()
                    .map(fields -> mount.get().resolve(fields[2].substring(1)).normalize());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the v1 hierarchy holding {@code controller} is mounted (read-write). */
    private static Optional<Path> mount(String controller) {
        try (Stream<String> lines = Files.lines(MOUNTS)) {
            return lines.map(line -> line.split(" ")).filter(fields -> fields.length >= 4 && fields[2].equals("cgroup"))
                    .filter(fields -> List.of(fields[3].split(",")).contains(controller))
                    .filter(fields -> List.of(fields[3].split(",")).contains("rw"))
                    .findFirst().map(fields -> Path.of(fields[1]));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
