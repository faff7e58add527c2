package dev.hivemind.engine;

import dev.hivemind.api.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchTimingTest {
    @Test
    void time() throws Exception {
        try (HealthServer app = new HealthServer(); Fixture f = new Fixture(app.url())) {
            f.faults.times(StageName.ANALYZE, 1, () -> new NetworkException(Agent.COMPILER, "reset", "Cloning", "Check"));
            f.clock.ticking(java.time.Duration.ofMillis(7));
            DeploymentState s = f.conductor().start(f.newDeployment(), Map.of("A", "b"), RunRange.all());
            System.out.println(java.nio.file.Files.readString(f.store.journal(s.deploymentId())));
            System.out.println(java.nio.file.Files.readString(f.store.logFile(s.deploymentId())));
            f.faults.always(StageName.DEPLOY, () -> new IllegalStateException("boom"));
            try { f.conductor().start(f.newDeployment(), Map.of("A", "b"), RunRange.all()); } catch (Exception e) {}
            DeploymentState failed = f.store.list().get(0);
            System.out.println(java.nio.file.Files.readString(f.store.journal(failed.deploymentId())));
            System.out.println(java.nio.file.Files.readString(f.store.logFile(failed.deploymentId())));
            System.out.println(StateJson.write(failed));
        }
    }
}
