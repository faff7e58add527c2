package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Removes what runs whose JVM died (kill -9, a crashed fork) left on this machine: their hosts' processes, overlay
 * mounts, network namespaces, uplink interfaces, cgroups and directories. A run is found by the tag in every name it
 * makes ({@link RunId}); it is abandoned when its pid is gone, or is this JVM's and this JVM does not run it. A live
 * JVM's runs are never touched. Runs under {@link HostNetwork}'s lock, before each new run picks its subnet.
 */
final class Reaper {
    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());
    private static final Set<RunId> LIVE = ConcurrentHashMap.newKeySet();

    private Reaper() {
    }

    static void live(RunId run) {
        LIVE.add(run);
    }

    static void ended(RunId run) {
        LIVE.remove(run);
    }

    /** Removes every abandoned run's leftovers; what cannot be removed is logged and left. */
    static void reapAbandoned() {
        Set<RunId> abandoned = new HashSet<>();
        cgroups().forEach(cgroup -> tag(cgroup.getFileName().toString(), abandoned));
        mountPoints().forEach(mount -> runDirectory(mount).ifPresent(directory -> tag(directory, abandoned)));
        namespaces().forEach(namespace -> tag(namespace, abandoned));
        links().forEach(link -> tag(link, abandoned));
        runDirectories().forEach(directory -> tag(directory.getFileName().toString(), abandoned));
        NspawnState.propagationDirectories().forEach(machine -> tag(machine.getFileName().toString(), abandoned));
        abandoned.forEach(Reaper::reap);
    }

    /** Everything of {@code run} on this machine, which must not be a live run. */
    static void reap(RunId run) {
        LOG.log(Level.WARNING, "removing what test hosts run {0} left behind (its JVM is gone)", run.tag());
        try {
            cgroups().filter(cgroup -> named(cgroup.getFileName().toString(), run))
                    .forEach(cgroup -> new HostCgroup(cgroup).remove());
            mountPoints().filter(mount -> runDirectory(mount).filter(directory -> named(directory, run)).isPresent())
                    .forEach(mount -> unmount(run, Path.of(mount)));
            links().filter(link -> named(link, run))
                    .forEach(link -> Commands.run(List.of("ip", "link", "del", link), Commands.SHORT));
            namespaces().filter(namespace -> named(namespace, run))
                    .forEach(namespace -> Commands.run(List.of("ip", "netns", "del", namespace), Commands.SHORT));
            NspawnState.propagationDirectories().stream()
                    .filter(machine -> named(machine.getFileName().toString(), run)).forEach(Reaper::deleteTree);
            runDirectories().filter(directory -> named(directory.getFileName().toString(), run))
                    .forEach(Reaper::deleteTree);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove everything test hosts run " + run.tag() + " left: " + e, e);
        }
    }

    /**
     * What of {@code run} is on this machine, one line each ({@code netns <name>}, {@code link <name>},
     * {@code mount <path>}, {@code cgroup <path>}, {@code process <pid>}, {@code directory <path>},
     * {@code nspawn <propagation directory>}).
     */
    static List<String> leftovers(RunId run) {
        List<String> found = new ArrayList<>();
        namespaces().filter(namespace -> named(namespace, run)).forEach(namespace -> found.add("netns " + namespace));
        links().filter(link -> named(link, run)).forEach(link -> found.add("link " + link));
        mountPoints().filter(mount -> runDirectory(mount).filter(directory -> named(directory, run)).isPresent())
                .forEach(mount -> found.add("mount " + mount));
        cgroups().filter(cgroup -> named(cgroup.getFileName().toString(), run)).forEach(cgroup -> {
            found.add("cgroup " + cgroup);
            new HostCgroup(cgroup).processes().forEach(pid -> found.add("process " + pid));
        });
        runDirectories().filter(directory -> named(directory.getFileName().toString(), run))
                .forEach(directory -> found.add("directory " + directory));
        NspawnState.propagationDirectories().stream().filter(machine -> named(machine.getFileName().toString(), run))
                .forEach(machine -> found.add("nspawn " + machine));
        return found;
    }

    /** Deletes a run's directory, never crossing into a file system mounted in it (an overlay not yet unmounted). */
    static void deleteTree(Path directory) {
        Commands.check("rm", "-rf", "--one-file-system", directory.toString());
    }

    /** Unmounts a host's root ({@code .../hivemind-test-hosts-<tag>/<host>/root}) and nspawn's leftovers for it. */
    private static void unmount(RunId run, Path root) {
        NspawnState.removeLeftovers(run.namespace(root.getParent().getFileName().toString()), root);
        Commands.run(List.of("umount", "--lazy", root.toString()), Commands.SHORT);
    }

    /** Names of abandoned runs go into {@code abandoned}. */
    private static void tag(String name, Set<RunId> abandoned) {
        RunId.named(name).filter(run -> run.abandoned(LIVE)).ifPresent(abandoned::add);
    }

    private static boolean named(String name, RunId run) {
        return RunId.named(name).filter(run::equals).isPresent();
    }

    /** The run directory's name in a mount point's path ({@code .../hivemind-test-hosts-<tag>/host0/root}). */
    private static Optional<String> runDirectory(String mountPoint) {
        return Stream.of(mountPoint.split("/")).filter(part -> part.startsWith("hivemind-test-hosts-")).findFirst();
    }

    private static Stream<Path> cgroups() {
        return list(HostCgroup.parent());
    }

    private static Stream<Path> runDirectories() {
        return list(Path.of(System.getProperty("java.io.tmpdir")))
                .filter(path -> path.getFileName().toString().startsWith("hivemind-test-hosts-"));
    }

    private static Stream<String> mountPoints() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" ")[1]);
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** {@code ip netns list} prints {@code name (id: 3)} or just {@code name}. */
    private static Stream<String> namespaces() {
        return Stream.of(Commands.check("ip", "netns", "list").split("\n"))
                .filter(line -> !line.isBlank()).map(line -> line.split(" ")[0]);
    }

    /** {@code ip -o link} prints {@code 9: hm123x1@if3: <...>}. */
    private static Stream<String> links() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.check("ip", "-o", "link", "show").split("\n")) {
            String[] fields = line.split(": ");
            if (fields.length > 1) {
                names.add(fields[1].split("@")[0]);
            }
        }
        return names.stream();
    }

    private static Stream<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
