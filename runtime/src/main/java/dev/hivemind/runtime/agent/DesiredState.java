package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.BackingService;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.Wire;
import dev.hivemind.runtime.supervisor.ProcStat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the agent should be running, persisted in {@code agent/desired.json} so a restarted agent brings it back:
 * per app its public address, its active release and the launch settings of each release it knows, with the pid,
 * start time and port of each running instance so an agent that died without stopping them can adopt them again.
 *
 * @param schemaVersion the file format's version
 * @param apps          the apps by name
 */
public record DesiredState(int schemaVersion, Map<String, DesiredApp> apps) {
    static final int SCHEMA_VERSION = 1;

    public DesiredState {
        apps = Map.copyOf(apps == null ? Map.of() : apps);
    }

    static DesiredState empty() {
        return new DesiredState(SCHEMA_VERSION, Map.of());
    }

    /**
     * One app: where its proxy listens (and whether it serves HTTPS; absent in older files: no), its stable release,
     * the proxy's weights by release (a file written before weights existed routes everything to the active release),
     * how each release starts, and the services (its database) to bring up before its instances.
     */
    record DesiredApp(int publicPort, String bindAddress, Optional<String> activeRelease,
                      Map<String, DesiredRelease> releases, Map<String, Integer> weights, boolean tls,
                      List<BackingService> services) {
        DesiredApp {
            services = List.copyOf(services == null ? List.of() : services);
            Objects.requireNonNull(bindAddress, "bind_address");
            activeRelease = activeRelease == null ? Optional.empty() : activeRelease;
            releases = new TreeMap<>(releases == null ? Map.of() : releases);
            weights = new TreeMap<>(weights != null ? weights
                    : activeRelease.map(active -> Map.of(active, 100)).orElse(Map.of()));
        }

        DesiredApp(int publicPort, String bindAddress, Optional<String> activeRelease,
                   Map<String, DesiredRelease> releases) {
            this(publicPort, bindAddress, activeRelease, releases, null, false, List.of());
        }

        DesiredApp(int publicPort, String bindAddress, Optional<String> activeRelease,
                   Map<String, DesiredRelease> releases, boolean tls) {
            this(publicPort, bindAddress, activeRelease, releases, null, tls, List.of());
        }

        /** Whether the release should run after an agent restart: it is the stable one or has traffic. */
        boolean wanted(String releaseId) {
            return activeRelease.filter(releaseId::equals).isPresent() || weights.getOrDefault(releaseId, 0) > 0;
        }

        Map<String, ReleaseLaunch> launches() {
            Map<String, ReleaseLaunch> launches = new TreeMap<>();
            releases.forEach((id, release) -> launches.put(id, release.launch(id)));
            return launches;
        }
    }

    /**
     * One release's launch settings and, while the agent runs them, its instances (for re-adoption after an agent
     * crash). {@code instance} is how a file written before replicas existed recorded its single instance; it is read,
     * never written.
     */
    record DesiredRelease(String directory, String command, Map<String, String> environment, Wire.HealthBody health,
                          Optional<RecordedInstance> instance, Wire.PolicyBody policy, List<RecordedInstance> instances,
                          Wire.NetworkBody network) {
        DesiredRelease {
            instance = instance == null ? Optional.empty() : instance;
            List<RecordedInstance> all = new ArrayList<>(instances == null ? List.of() : instances);
            instance.filter(legacy -> all.isEmpty()).ifPresent(all::add);
            instances = List.copyOf(all);
            instance = Optional.empty();
        }

        static DesiredRelease of(ReleaseLaunch launch) {
            return of(launch, List.of());
        }

        static DesiredRelease of(ReleaseLaunch launch, List<RecordedInstance> instances) {
            return new DesiredRelease(launch.directory().toString(), launch.command(), new TreeMap<>(launch.environment()),
                    Wire.HealthBody.of(launch.health()), Optional.empty(), Wire.PolicyBody.of(launch.policy()), instances,
                    Wire.NetworkBody.of(launch.network()));
        }

        DesiredRelease withInstances(List<RecordedInstance> recorded) {
            return new DesiredRelease(directory, command, environment, health, Optional.empty(), policy, recorded,
                    network);
        }

        ReleaseLaunch launch(String releaseId) {
            return new ReleaseLaunch(releaseId, Path.of(directory), command,
                    environment == null ? Map.of() : environment,
                    health == null ? HealthSettings.defaults("/") : health.settings(), Wire.PolicyBody.policy(policy),
                    Wire.NetworkBody.network(network));
        }
    }

    /**
     * A running instance as recorded for re-adoption.
     *
     * @param pid        the process (and process group) id
     * @param startTicks the process's start time from {@code /proc/<pid>/stat} (see {@link ProcStat})
     * @param port       the port the proxy reaches the instance on
     * @param replica    its number within the release (0 in files written before replicas existed: replica 1)
     * @param givenPort  the {@code PORT} it was given (0 in older files: {@code port})
     * @param namespace  the slot of the network namespace it runs in, when it has its own
     */
    public record RecordedInstance(long pid, long startTicks, int port, int replica, int givenPort,
                                   Optional<Integer> namespace) {
        public RecordedInstance {
            replica = replica < 1 ? 1 : replica;
            givenPort = givenPort < 1 ? port : givenPort;
            namespace = namespace == null ? Optional.empty() : namespace;
            if (pid <= 1 || startTicks < 0 || port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid recorded instance: pid " + pid + ", start ticks "
                        + startTicks + ", port " + port);
            }
        }

        /** An instance on the host's loopback, on the port it was given. */
        public RecordedInstance(long pid, long startTicks, int port, int replica) {
            this(pid, startTicks, port, replica, port, Optional.empty());
        }
    }
}
