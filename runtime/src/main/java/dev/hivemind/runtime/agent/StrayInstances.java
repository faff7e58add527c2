package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.runtime.supervisor.ProcStat;
import dev.hivemind.runtime.supervisor.ProcessGroup;
import dev.hivemind.runtime.supervisor.TransientUnits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Instances no agent knows: an agent killed between starting an instance and recording its pid in
 * {@code desired.json} leaves it running, and the agent that takes over cannot adopt what it has no record of. They
 * are found by their output, which goes to this home's instance logs ({@code agent/instances/...}): a process whose
 * standard output is one of those files, that started before this agent and whose process group is not one of the
 * instances this agent runs, is stopped with its group.
 */
final class StrayInstances {
    private static final System.Logger LOG = System.getLogger(StrayInstances.class.getName());
    private static final Path PROC = Path.of("/proc");

    private StrayInstances() {
    }

    /**
     * Stops the strays' process groups; {@code known} are the process groups of the instances this agent runs,
     * {@code agentAge} how long ago this agent began starting (what started after it is its own).
     */
    static void stop(HivemindHome home, Set<Long> known, Duration agentAge) {
        String logs = home.agent().resolve("instances").toString() + "/";
        Set<Long> strays = new TreeSet<>();
        try (Stream<Path> processes = Files.list(PROC)) {
            processes.filter(entry -> entry.getFileName().toString().matches("\\d+")).forEach(entry -> {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (writesTo(entry, logs) && !inAppUnit(entry)) {
                    ProcStat.read(pid).filter(stat -> !known.contains(stat.group()) && stat.group() > 1)
                            .filter(stat -> stat.age().filter(age -> age.compareTo(agentAge) > 0).isPresent())
                            .ifPresent(stat -> strays.add(stat.group()));
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot look for instances no agent recorded: " + e.getMessage());
            return;
        }
        for (long group : strays) {
            LOG.log(System.Logger.Level.WARNING, "stopping process group " + group + ": an instance a previous agent "
                    + "started but never recorded (it writes to " + logs + "...)");
            TransientUnits.ofClient(group).ifPresent(TransientUnits::stop);
            new ProcessGroup(group).kill();
        }
    }

    /**
     * Whether the process runs in an instance's transient systemd service: its group is the unit's, not the one the
     * agent knows (the {@code systemd-run} client's); the unit is stopped with its client.
     */
    private static boolean inAppUnit(Path process) {
        try {
            return Files.readString(process.resolve("cgroup")).lines()
                    .anyMatch(line -> line.matches(".*/hm-[^/]*\\.service$"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static boolean writesTo(Path process, String logs) {
        try {
            return Files.readSymbolicLink(process.resolve("fd/1")).toString().startsWith(logs);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // gone, or another user's
        }
    }
}
