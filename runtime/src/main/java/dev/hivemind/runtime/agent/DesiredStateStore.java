package dev.hivemind.runtime.agent;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.runtime.client.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and atomically writes {@code agent/desired.json} (0600). */
final class DesiredStateStore {
    private final Path file;

    DesiredStateStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The saved state, or an empty one when there is no file yet. */
    DesiredState load() {
        if (!Files.exists(file)) {
            return DesiredState.empty();
        }
        try {
            DesiredState state = Json.read(Files.readString(file), DesiredState.class);
            if (state.schemaVersion() > DesiredState.SCHEMA_VERSION) {
                throw new IllegalArgumentException("schema_version " + state.schemaVersion()
                        + " is newer than this agent understands (" + DesiredState.SCHEMA_VERSION + ")");
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException(Agent.PROVISIONER, file + " cannot be read: " + e.getMessage(),
                    "Restoring the apps of the host agent", "Repair the file, or move it away to start the agent with"
                    + " no apps (then deploy them again)", e);
        }
    }

    void save(DesiredState state) {
        AgentFiles.writeAtomically(file, Json.write(state));
    }
}
