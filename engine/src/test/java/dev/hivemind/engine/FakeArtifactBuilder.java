package dev.hivemind.engine;

import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.state.StageName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** "Builds" by writing a server.js into the artifact directory, which must not exist yet. */
public final class FakeArtifactBuilder implements ArtifactBuilder {
    private final Faults faults;
    private final List<BuildRequest> requests = new ArrayList<>();

    FakeArtifactBuilder(Faults faults) {
        this.faults = faults;
    }

    @Override
    public synchronized BuildArtifact build(BuildRequest request, Progress output) {
        requests.add(request);
        faults.raise(StageName.BUILD);
        try {
            Files.createDirectory(request.artifactDirectory());
            Files.writeString(request.artifactDirectory().resolve("server.js"), "console.log('hi')\n");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        output.line("added 57 packages in 1s");
        return new BuildArtifact(request.artifactDirectory().toString(), "directory", 18,
                "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "npm ci", 1.5);
    }

    public synchronized List<BuildRequest> requests() {
        return List.copyOf(requests);
    }
}
