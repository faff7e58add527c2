package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.ReleaseLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateStoreTest {
    @TempDir
    Path temp;

    private DesiredState sample() {
        ReleaseLaunch launch = new ReleaseLaunch("20261122-0001", temp.resolve("releases/1"), "node server.js",
                Map.of("NODE_ENV", "production"),
                new HealthSettings("/healthz", Duration.ofMillis(500), Duration.ofSeconds(2), 4, Duration.ofSeconds(90)));
        DesiredState.DesiredApp app = new DesiredState.DesiredApp(8080, "0.0.0.0", Optional.of("20261122-0001"),
                Map.of("20261122-0001", DesiredState.DesiredRelease.of(launch)));
        return new DesiredState(DesiredState.SCHEMA_VERSION, Map.of("web", app));
    }

    @Test
    void theStateSurvivesASaveAndALoad() {
        DesiredStateStore store = new DesiredStateStore(temp.resolve("agent/desired.json"));

        store.save(sample());
        DesiredState loaded = store.load();

        assertThat(loaded).isEqualTo(sample());
        ReleaseLaunch launch = loaded.apps().get("web").launches().get("20261122-0001");
        assertThat(launch.health().startupDeadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(launch.environment()).containsEntry("NODE_ENV", "production");
    }

    @Test
    void theFileIsPrivateSnakeCaseJsonWrittenWithoutLeftovers() throws Exception {
        Path file = temp.resolve("agent/desired.json");

        new DesiredStateStore(file).save(sample());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent())).containsExactly(file);
        String json = Files.readString(file);
        assertThat(json).contains("\"schema_version\" : 1", "\"public_port\" : 8080", "\"bind_address\" : \"0.0.0.0\"",
                "\"active_release\" : \"20261122-0001\"", "\"interval_ms\" : 500", "\"startup_deadline_ms\" : 90000",
                "\"threshold\" : 4", "\"path\" : \"/healthz\"", "\"command\" : \"node server.js\"");
    }

    @Test
    void aMissingFileIsAnEmptyStateAndABrokenOneIsAClearError() throws Exception {
        Path file = temp.resolve("desired.json");
        DesiredStateStore store = new DesiredStateStore(file);
        assertThat(store.load()).isEqualTo(DesiredState.empty());

        Files.writeString(file, "{\"apps\": [");
        assertThatThrownBy(store::load).isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith(file + " cannot be read: invalid JSON");

        Files.writeString(file, "{\"schema_version\": 9, \"apps\": {}}");
        assertThatThrownBy(store::load).hasMessageContaining("schema_version 9 is newer than this agent understands");
    }

    @Test
    void aRecordedInstanceSurvivesASaveAndALoadAndAnOlderFileHasNone() throws Exception {
        // given a release whose instance runs
        DesiredState.DesiredApp app = sample().apps().get("web");
        DesiredState.RecordedInstance recorded = new DesiredState.RecordedInstance(4121, 987654, 40123, 2);
        DesiredState.DesiredApp running = new DesiredState.DesiredApp(app.publicPort(), app.bindAddress(),
                app.activeRelease(), Map.of("20261122-0001", app.releases().get("20261122-0001")
                .withInstances(List.of(recorded))));
        Path file = temp.resolve("desired.json");
        DesiredStateStore store = new DesiredStateStore(file);

        // when it is saved and loaded
        store.save(new DesiredState(1, Map.of("web", running)));

        // then the pid, start ticks, port and replica come back; a file written before instances were recorded has none
        assertThat(Files.readString(file)).contains("\"pid\" : 4121", "\"start_ticks\" : 987654", "\"port\" : 40123",
                "\"replica\" : 2");
        assertThat(store.load().apps().get("web").releases().get("20261122-0001").instances()).containsExactly(recorded);
        store.save(sample());
        assertThat(Files.readString(file)).contains("\"instances\" : [ ]");
        Files.writeString(file, Files.readString(file).replace("\"instances\" : [ ]", "\"ignored\" : 1"));
        assertThat(store.load().apps().get("web").releases().get("20261122-0001").instances()).isEmpty();
    }

    @Test
    void aFileFromBeforeReplicasLoadsItsSingleInstanceAsReplicaOneWithTheDefaultPolicyAndAllTrafficToTheActive()
            throws Exception {
        // given desired.json as an agent without replicas wrote it
        Path file = temp.resolve("desired.json");
        Files.writeString(file, """
                {"schema_version": 1, "apps": {"web": {"public_port": 8080, "bind_address": "127.0.0.1",
                  "active_release": "r1", "releases": {"r1": {"directory": "/srv/r1", "command": "node server.js",
                  "environment": {}, "health": {"path": "/"}, "instance": {"pid": 4121, "start_ticks": 9, "port": 40123}}}}}}
                """);

        // when it is loaded
        DesiredState.DesiredApp app = new DesiredStateStore(file).load().apps().get("web");

        // then its instance is replica 1, the release has the default policy and the active release all traffic
        assertThat(app.releases().get("r1").instances())
                .containsExactly(new DesiredState.RecordedInstance(4121, 9, 40123, 1));
        assertThat(app.releases().get("r1").launch("r1").policy()).isEqualTo(InstancePolicy.defaults());
        assertThat(app.weights()).isEqualTo(Map.of("r1", 100));
        assertThat(app.wanted("r1")).isTrue();
    }

    @Test
    void anAppWithoutActiveReleaseReadsBackAsEmpty() {
        DesiredStateStore store = new DesiredStateStore(temp.resolve("desired.json"));
        store.save(new DesiredState(1, Map.of("api", new DesiredState.DesiredApp(9000, "127.0.0.1", Optional.empty(),
                Map.of()))));

        assertThat(store.load().apps().get("api").activeRelease()).isEmpty();
    }
}
