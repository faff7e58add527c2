package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One instance run by systemd as a transient service of its own ({@code systemd-run --wait --pipe}), when the agent
 * itself runs under systemd as root: the app's user ({@code User=}), its memory and tasks limits ({@code MemoryMax=},
 * {@code TasksMax=}, plus {@code LimitDATA=} and {@code LimitNPROC=} where the host's cgroups have no memory or pids
 * controller to enforce those) and systemd's sandboxing: no new privileges, the whole file system read-only but the
 * release directory ({@code ProtectSystem=strict}), a private {@code /tmp}, the kernel's tunables, modules and cgroups
 * out of reach. The instance's environment goes through an {@code EnvironmentFile} only root reads, never the unit's
 * properties, which every user of the host may list.
 *
 * <p>The agent's child is the {@code systemd-run} client, which passes its output to the service and lives as long as
 * it does; stopping the instance stops the unit ({@code TimeoutStopSec} is the instance's grace period).
 *
 * @param unit        the unit's name, {@code hm-<user>-<release>-<replica>.service}
 * @param environment the file with the instance's environment, 0600 root
 * @param limits      its memory and tasks limits
 * @param enforced    whether the host's cgroups enforce {@code MemoryMax=} and {@code TasksMax=}
 * @param grace       how long its processes have to end after SIGTERM before they are killed
 */
record TransientService(String unit, Path environment, ResourceLimits limits, boolean enforced, Duration grace) {
    private static final System.Logger LOG = System.getLogger(TransientService.class.getName());
    private static final Duration SYSTEMCTL = Duration.ofSeconds(90);
    private static final String PREFIX = "hm-";

    /** The sandboxing every instance gets, as systemd properties. */
    static final List<String> SANDBOX = List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
            "ProtectHome=read-only", "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
            "ProtectControlGroups=yes", "RestrictSUIDSGID=yes", "LockPersonality=yes", "UMask=0022");

    /** The unit of {@code replica} of {@code releaseId} of the app whose user is {@code user}. */
    static String unitOf(String user, String releaseId, int replica) {
        return unitPrefix(user) + releaseId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + replica + ".service";
    }

    /** What every unit of the app whose user is {@code user} starts with. */
    static String unitPrefix(String user) {
        return user + "-";
    }

    /**
     * The command that starts {@code command} in the service, in {@code directory}, as {@code owner}, with exactly
     * {@code variables}; in {@code namespace} when it has one. Writes the environment file first.
     */
    List<String> command(List<String> command, AppUser owner, Path directory, Map<String, String> variables,
                         Optional<Path> namespace) throws IOException {
        PrivateFiles.directory(environment.getParent());
        PrivateFiles.writeAtomically(environment, environmentFile(variables).getBytes(StandardCharsets.UTF_8), true);
        List<String> full = new ArrayList<>(List.of("systemd-run", "--quiet", "--wait", "--pipe", "--collect",
                "--service-type=exec", "--unit=" + unit, "--description=HiveMind app instance " + unit));
        List<String> properties = new ArrayList<>(List.of("User=" + owner.uid(), "Group=" + owner.gid(),
                "WorkingDirectory=" + directory, "EnvironmentFile=" + environment, "ReadWritePaths=" + directory,
                "MemoryMax=" + limits.memoryBytes(), "MemorySwapMax=0", "TasksMax=" + limits.tasks(),
                "KillMode=control-group", "TimeoutStopSec=" + Math.max(1, grace.toMillis()) + "ms",
                "SendSIGKILL=yes"));
        if (!enforced) {
            properties.add("LimitDATA=" + limits.memoryBytes());
            properties.add("LimitNPROC=" + limits.tasks());
        }
        namespace.ifPresent(path -> properties.add("NetworkNamespacePath=" + path));
        properties.addAll(SANDBOX);
        properties.forEach(property -> full.addAll(List.of("--property", property)));
        full.add("--");
        full.addAll(command);
        return full;
    }

    /** Stops the unit: SIGTERM to its processes, SIGKILL after its grace period; forgets it when it failed. */
    void stop() {
        stop(unit);
    }

    /** Stops {@code unit} and forgets it; nothing when it is not loaded. */
    static void stop(String unit) {
        systemctl("stop", unit);
        systemctl("reset-failed", unit);
    }

    /** The unit's main process (systemd makes it its process group's leader), while it runs. */
    Optional<Long> mainPid() {
        List<String> shown = run(List.of("systemctl", "show", "--property=MainPID", "--value", unit));
        return shown.stream().map(String::strip).filter(line -> line.matches("[1-9]\\d*")).map(Long::parseLong)
                .findFirst();
    }

    /** Removes the environment file once the instance stopped for good. */
    void forget() {
        try {
            Files.deleteIfExists(environment);
        } catch (IOException e) {
            // the agent's directory is root's; a file left behind is overwritten at the next start
        }
    }

    /** Stops every unit of the app whose user is {@code user}, and forgets them (what {@code destroy} does). */
    static void stopAll(String user) {
        String pattern = unitPrefix(user) + "*.service";
        systemctl("stop", pattern);
        systemctl("reset-failed", pattern);
    }

    /**
     * The units whose name starts with {@code hm-}, loaded now: what systemd still has of the host's apps.
     */
    static List<String> loaded() {
        List<String> listed = run(List.of("systemctl", "list-units", "--all", "--plain", "--no-legend",
                PREFIX + "*.service"));
        return listed.stream().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0]).toList();
    }

    /**
     * The file systemd reads the environment from: {@code KEY="value"} lines, with {@code "}, {@code \}, {@code `} and
     * {@code $} escaped so that every value (a newline included) comes through as it is.
     */
    static String environmentFile(Map<String, String> variables) {
        StringBuilder file = new StringBuilder();
        new TreeMap<>(variables).forEach((name, value) -> {
            file.append(name).append("=\"");
            for (char c : value.toCharArray()) {
                if (c == '"' || c == '\\' || c == '`' || c == '$') {
                    file.append('\\');
                }
                file.append(c);
            }
            file.append("\"\n");
        });
        return file.toString();
    }

    private static void systemctl(String verb, String unit) {
        run(List.of("systemctl", verb, unit));
    }

    /** Runs {@code command} and returns its output; a failure is the caller's to notice in what is (not) there. */
    private static List<String> run(List<String> command) {
        List<String> output = new ArrayList<>();
        try {
            ProcessRunner.run(command, Path.of("/"), Map.of(), output::add, SYSTEMCTL);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return output;
    }
}
