package dev.hivemind.analyzer.build.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.ArtifactBuilders;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.ArtifactBuilder.Origin;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache around the real Python builder: a virtual environment copied from the cache into another
 * deployment's directory runs there, after the directory it was built in is gone.
 */
class CachingArtifactBuilderIT {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @TempDir
    Path root;

    @Test
    void aCachedVirtualEnvironmentRunsFromItsNewDirectory() throws Exception {
        CachingArtifactBuilder cached = new CachingArtifactBuilder(ArtifactBuilders.standard(root.resolve("cache")),
                root.resolve("cache/builds"), analyzer);
        Path source = example("python-stdlib");
        TechStack stack = analyzer.analyze(source);
        Path first = root.resolve("deployments/d1/artifacts/attempt-1");
        Path second = root.resolve("deployments/d2/artifacts/attempt-1");

        BuildArtifact built = cached.build(request(source, stack, first, "d1"), output::add);
        PrivateFiles.deleteTree(root.resolve("deployments/d1"));
        BuildArtifact hit = cached.build(request(source, stack, second, "d2"), output::add);

        assertThat(hit.buildCommand()).isEqualTo("cached: python3 -m venv .venv (built by deployment d1)");
        assertThat(hit.buildDurationSeconds()).isEqualTo(built.buildDurationSeconds());
        assertThat(hit.checksum()).isEqualTo(ArtifactChecksum.of(second).value()).isNotEqualTo(built.checksum());
        assertThat(output).anyMatch(line -> line.startsWith("build cache miss (key "))
                .anyMatch(line -> line.startsWith("build cache hit (key "));
        String pip = run(second.resolve(".venv/bin/pip").toString(), "--version");
        assertThat(pip).contains(second.resolve(".venv").toString());
        assertThat(Files.readString(second.resolve(".venv/bin/activate"))).contains(second.toString())
                .doesNotContain(first.toString());
    }

    private static BuildRequest request(Path source, TechStack stack, Path artifact, String deployment) {
        return new BuildRequest(source, stack, artifact, Map.of(),
                new Origin(Optional.of("python-stdlib"), Optional.of(deployment), Optional.empty(), false));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(text).isZero();
        return text;
    }

    private static Path example(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path repository = here.getFileName().toString().equals("analyzer") ? here.getParent() : here;
        return repository.resolve("examples").resolve(name);
    }
}
