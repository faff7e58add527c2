package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.LogEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");

    @TempDir
    Path temp;

    private StateStore store() {
        return new StateStore(new HivemindHome(temp.resolve("home")));
    }

    private static DeploymentState deployment(String id, String app, Instant createdAt) {
        return DeploymentState.initial(id, app, "local", "", new DeployRequest("/srv/" + app, Optional.empty(),
                Strategy.RECREATE, Optional.empty(), false), createdAt);
    }

    @Test
    void anUnknownIdIsRefusedWithWhatToRunInstead() {
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
                () -> store().load("20261122-000000-000-000missing0"));

        assertThat(error.getMessage()).isEqualTo("no deployment '20261122-000000-000-000missing0' in "
                + temp.resolve("home/deployments"));
        assertThat(error.remediation()).isEqualTo("Run `hivemind history APP` to list an app's deployments, "
                + "or `hivemind status` for the latest");
        assertThat(store().find("20261122-000000-000-000missing0")).isEmpty();
    }

    @Test
    void anIdThatIsNotOneIsRefusedBeforeTouchingTheDisk() {
        assertThatThrownBy(() -> store().load("../../etc")).isInstanceOf(InvalidInputException.class)
                .hasMessage("'../../etc' is not a deployment id");
        assertThatThrownBy(() -> store().logFile("A/b")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void createRefusesAnIdThatExists() {
        StateStore store = store();
        DeploymentState state = deployment("20261122-033512-123-000aaaaaaaa", "shop", AT);
        store.create(state);

        assertThatThrownBy(() -> store.create(state)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void listsNewestFirstAndPerApp() {
        StateStore store = store();
        DeploymentState old = deployment("20261122-033512-123-000aaaaaaaa", "shop", AT);
        DeploymentState other = deployment("20261122-033513-000-000bbbbbbbb", "blog", AT.plusSeconds(1));
        DeploymentState recent = deployment("20261122-033514-000-000cccccccc", "shop", AT.plusSeconds(2));
        Stream.of(old, other, recent).forEach(store::create);

        assertThat(store.list()).containsExactly(recent, other, old);
        assertThat(store.listForApp("shop")).containsExactly(recent, old);
        assertThat(store.listForApp("none")).isEmpty();
        assertThat(new StateStore(new HivemindHome(temp.resolve("empty"))).list()).isEmpty();
    }

    @Test
    void appendsHumanReadableLinesWithDetailsIndented() throws Exception {
        StateStore store = store();
        String id = "20261122-033512-123-000aaaaaaaa";
        store.appendLog(id, new LogEntry(AT, Agent.COMPILER, LogEntry.Level.INFO, "npm ci done"));
        store.appendLog(id, new LogEntry(AT.plusMillis(1000), Agent.DEPLOYER, LogEntry.Level.ERROR, "failed\nbadly"),
                "java.lang.IllegalStateException: boom\n\tat Some.place(Some.java:1)\n");

        assertThat(Files.readString(store.logFile(id))).isEqualTo("""
                2026-11-22T03:35:12.123Z [Compiler] INFO npm ci done
                2026-11-22T03:35:13.123Z [Deployer] ERROR failed
                    badly
                    java.lang.IllegalStateException: boom
                    \tat Some.place(Some.java:1)
                """);
        assertThat(Files.getPosixFilePermissions(store.logFile(id)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keepsEnvironmentValuesApartFromTheState() throws Exception {
        StateStore store = store();
        DeploymentState state = deployment("20261122-033512-123-000aaaaaaaa", "shop", AT);
        store.create(state);
        assertThat(store.loadEnvironment(state.deploymentId())).isEmpty();

        store.saveEnvironment(state.deploymentId(), Map.of("DATABASE_PASSWORD", "hunter2", "MODE", "a=b"));

        assertThat(store.loadEnvironment(state.deploymentId()))
                .isEqualTo(Map.of("DATABASE_PASSWORD", "hunter2", "MODE", "a=b"));
        DeploymentPaths paths = store.paths(state.deploymentId());
        assertThat(Files.readString(paths.state())).doesNotContain("hunter2");
        assertThat(Files.getPosixFilePermissions(paths.environment()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void savesAtomicallyWithOwnerOnlyModes() throws Exception {
        StateStore store = store();
        DeploymentState state = deployment("20261122-033512-123-000aaaaaaaa", "shop", AT);
        store.create(state);
        for (int i = 0; i < 20; i++) {
            state = state.withLog(new LogEntry(AT.plusSeconds(i), Agent.CONDUCTOR, LogEntry.Level.INFO, "step " + i));
            store.save(state);
        }

        DeploymentPaths paths = store.paths(state.deploymentId());
        try (Stream<Path> entries = Files.list(paths.directory())) {
            assertThat(entries).containsExactly(paths.state());
        }
        assertThat(store.load(state.deploymentId())).isEqualTo(state);
        assertThat(Files.getPosixFilePermissions(paths.state())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(paths.directory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(temp.resolve("home")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aCorruptStateIsReportedWithItsPath() throws Exception {
        StateStore store = store();
        DeploymentState state = deployment("20261122-033512-123-000aaaaaaaa", "shop", AT);
        store.create(state);
        Path file = store.paths(state.deploymentId()).state();
        Files.writeString(file, "{\"schema_version\": 1, \"status\": ");

        assertThatThrownBy(() -> store.load(state.deploymentId())).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + " is not valid JSON");
    }
}
