package dev.hivemind.target.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.rollout.HealthCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRegistryTest {
    @TempDir
    Path app;

    @Test
    void theReleaseBeforeIsTheNewestOtherOneWhoseArtifactRemains() throws Exception {
        ReleaseRegistry registry = new ReleaseRegistry(app);
        registry.record(release("r1"));
        registry.record(release("r2"));
        registry.record(release("r3"));
        deleteArtifact("r2");

        assertThat(registry.before("r3")).map(ReleaseRegistry.Release::releaseId).contains("r1");
        assertThat(registry.before("r1")).map(ReleaseRegistry.Release::releaseId).contains("r3");
        assertThat(registry.find("r2")).isPresent();
    }

    @Test
    void recordingAReleaseAgainMakesItTheNewestAndTheFileIsPrivate() throws Exception {
        ReleaseRegistry registry = new ReleaseRegistry(app);
        registry.record(release("r1"));
        registry.record(release("r2"));
        registry.record(release("r1"));

        assertThat(registry.all()).extracting(ReleaseRegistry.Release::releaseId).containsExactly("r2", "r1");
        assertThat(registry.all().get(1).environment()).containsEntry("SECRET", "value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry.file()))).isEqualTo("rw-------");
    }

    private ReleaseRegistry.Release release(String id) throws Exception {
        Path artifact = Files.createDirectories(app.resolve("artifacts").resolve(id));
        return new ReleaseRegistry.Release(id, artifact.toString(), "node server.js", "/health",
                HealthCheck.defaults(), Map.of("SECRET", "value"), "2026-11-22T00:00:00Z");
    }

    private void deleteArtifact(String id) throws Exception {
        Files.delete(app.resolve("artifacts").resolve(id));
    }
}
