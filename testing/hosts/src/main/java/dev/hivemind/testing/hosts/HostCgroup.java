package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup (v2 hierarchy) that holds one host's processes: its systemd-nspawn, and the container's init and
 * everything under it. Each host needs its own: systemd-nspawn with {@code --keep-unit} makes its {@code payload}
 * cgroup under its own, so two containers started from one cgroup would share one and their systemds would manage
 * (and kill) each other's services. It is also how every process of a host is found and killed, whatever its parent.
 *
 * @param directory the cgroup's directory, {@code <cgroup2 mount>/hivemind-test-hosts/<tag>-<host>}
 */
record HostCgroup(Path directory) {
    static final String PARENT = "hivemind-test-hosts";
    private static final Path MOUNTS = Path.of("/proc/self/mounts");
    private static final Duration EMPTYING = Duration.ofSeconds(10);

    /** Makes the cgroup of {@code host} in {@code run}. */
    static HostCgroup create(RunId run, String host) {
        Path directory = parent().resolve(run.cgroup(host));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TestHostException("cannot create the cgroup " + directory + ": " + e.getMessage(), e);
        }
        return new HostCgroup(directory);
    }

    /** {@code <cgroup2 mount>/hivemind-test-hosts}, where every run's host cgroups are. */
    static Path parent() {
        try (Stream<String> lines = Files.lines(MOUNTS)) {
            return lines.map(line -> line.split(" ")).filter(fields -> fields[2].equals("cgroup2"))
                    .map(fields -> Path.of(fields[1]).resolve(PARENT)).findFirst()
                    .orElseThrow(() -> new TestHostException("no cgroup2 hierarchy is mounted; test hosts need one"
                            + " (mount -t cgroup2 none /sys/fs/cgroup/unified)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTS, e);
        }
    }

    /** {@code command}, moved into this cgroup before it starts (by the shell it is started from). */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"",
                directory.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The pids of every process in this cgroup and the cgroups under it. */
    List<Long> processes() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getFileName().toString().equals("cgroup.procs"))
                    .flatMap(HostCgroup::pids).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** SIGKILLs every process in it (cgroup.kill where the kernel has it, each pid otherwise). */
    void killAll() {
        Path kill = directory.resolve("cgroup.kill");
        try {
            if (Files.exists(kill)) {
                Files.writeString(kill, "1");
            }
        } catch (IOException e) {
            // Killed one by one below.
        }
        processes().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Kills what is left in it and removes it with the cgroups under it. */
    void remove() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Instant deadline = Instant.now().plus(EMPTYING);
        while (true) {
            killAll();
            try (Stream<Path> tree = Files.walk(directory)) {
                for (Path cgroup : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(cgroup);
                }
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TestHostException("cannot remove the cgroup " + directory + " (still holding "
                            + processes() + "): " + e.getMessage(), e);
                }
                Pause.briefly();
            }
        }
    }

    private static Stream<Long> pids(Path procs) {
        try {
            return Files.readAllLines(procs).stream().filter(line -> !line.isBlank()).map(Long::parseLong);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
