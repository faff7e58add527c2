package dev.hivemind.runtime;

import java.nio.file.Path;
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
record DesiredState(int schemaVersion, Map<String, DesiredApp> apps) {
    static final int SCHEMA_VERSION = 1;

    DesiredState {
        apps = Map.copyOf(apps == null ? Map.of() : apps);
    }

    static DesiredState empty() {
        return new DesiredState(SCHEMA_VERSION, Map.of());
    }

    /**
     * One app: where its proxy listens (and whether it serves HTTPS; absent in older files: no), which release it
     * routes to, and how each release starts.
     */
    record DesiredApp(int publicPort, String bindAddress, Optional<String> activeRelease,
                      Map<String, DesiredRelease> releases, boolean tls) {
        DesiredApp {
            Objects.requireNonNull(bindAddress, "bind_address");
            activeRelease = activeRelease == null ? Optional.empty() : activeRelease;
            releases = new TreeMap<>(releases == null ? Map.of() : releases);
        }

        DesiredApp(int publicPort, String bindAddress, Optional<String> activeRelease,
                   Map<String, DesiredRelease> releases) {
            this(publicPort, bindAddress, activeRelease, releases, false);
        }

        Map<String, ReleaseLaunch> launches() {
            Map<String, ReleaseLaunch> launches = new TreeMap<>();
            releases.forEach((id, release) -> launches.put(id, release.launch(id)));
            return launches;
        }
    }

    /**
     * One release's launch settings and, while the agent runs it, its instance (for re-adoption after an agent crash).
     */
    record DesiredRelease(String directory, String command, Map<String, String> environment, Wire.HealthBody health,
                          Optional<RecordedInstance> instance) {
        DesiredRelease {
            instance = instance == null ? Optional.empty() : instance;
        }

        static DesiredRelease of(ReleaseLaunch launch) {
            return of(launch, Optional.empty());
        }

        static DesiredRelease of(ReleaseLaunch launch, Optional<RecordedInstance> instance) {
            return new DesiredRelease(launch.directory().toString(), launch.command(), new TreeMap<>(launch.environment()),
                    Wire.HealthBody.of(launch.health()), instance);
        }

        DesiredRelease withInstance(Optional<RecordedInstance> recorded) {
            return new DesiredRelease(directory, command, environment, health, recorded);
        }

        ReleaseLaunch launch(String releaseId) {
            return new ReleaseLaunch(releaseId, Path.of(directory), command,
                    environment == null ? Map.of() : environment,
                    health == null ? HealthSettings.defaults("/") : health.settings());
        }
    }

    /**
     * A running instance as recorded for re-adoption.
     *
     * @param pid        the process (and process group) id
     * @param startTicks the process's start time from {@code /proc/<pid>/stat} (see {@link ProcStat})
     * @param port       the loopback port the instance listens on
     */
    record RecordedInstance(long pid, long startTicks, int port) {
        RecordedInstance {
            if (pid <= 1 || startTicks < 0 || port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid recorded instance: pid " + pid + ", start ticks "
                        + startTicks + ", port " + port);
            }
        }
    }
}
