package dev.hivemind.engine;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.retry.RetryPolicy;
import dev.hivemind.engine.state.DeploymentIds;
import dev.hivemind.engine.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One deployment world for a test: a temporary HIVEMIND_HOME, a local app directory, the fakes, a manual clock
 * and a recording sleeper and listener. The app behind the target's URL is a real HTTP server.
 */
public final class Fixture implements AutoCloseable {
    /** A load sample of one request: no paced waits in the sleeper's record, few requests per generated run. */
    static final StageSettings SETTINGS = new StageSettings(Duration.ofSeconds(20), 1024, 0,
            Duration.ofSeconds(5), 2, Duration.ofSeconds(1), 1, 50);

    public final Path root;
    final HivemindHome home;
    public final StateStore store;
    public final Path source;
    public final ManualClock clock;
    public final RecordingSleeper sleeper;
    public final RecordingListener listener = new RecordingListener();
    public final Faults faults = new Faults();
    final FakeSourceFetcher fetcher = new FakeSourceFetcher(faults);
    public final FakeStackAnalyzer analyzer = new FakeStackAnalyzer(faults);
    public final FakeArtifactBuilder builder = new FakeArtifactBuilder(faults);
    public final FakeTarget target;
    private final DeploymentIds ids;

    public Fixture(String appUrl) {
        this(appUrl, new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z")));
    }

    public Fixture(String appUrl, ManualClock clock) {
        try {
            root = temporaryRoot();
            source = Files.createDirectories(root.resolve("src/shop"));
            Files.writeString(source.resolve("package.json"), "{\"name\":\"shop\"}");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        home = new HivemindHome(root.resolve("home"));
        store = new StateStore(home);
        this.clock = clock;
        sleeper = new RecordingSleeper(clock);
        target = new FakeTarget(faults, appUrl);
        ids = new DeploymentIds(clock);
    }

    /**
     * A temporary directory, in memory when the machine has /dev/shm: the store fsyncs every checkpoint, which
     * costs milliseconds on a disk and would make hundreds of property-test runs slow. The code path is the same.
     */
    private static Path temporaryRoot() throws IOException {
        Path memory = Path.of("/dev/shm");
        return Files.isDirectory(memory) && Files.isWritable(memory)
                ? Files.createTempDirectory(memory, "hivemind-engine-")
                : Files.createTempDirectory("hivemind-engine-");
    }

    public Services services() {
        return services(SETTINGS);
    }

    public Services services(StageSettings settings) {
        return new Services(fetcher, analyzer, builder, target, settings);
    }

    public Conductor conductor() {
        return conductor(RetryPolicy.defaults());
    }

    public Conductor conductor(RetryPolicy policy) {
        return conductor(policy, SETTINGS);
    }

    public Conductor conductor(RetryPolicy policy, StageSettings settings) {
        return new Conductor(store, Pipeline.standard(services(settings)), policy, clock, sleeper, listener);
    }

    public DeploymentState newDeployment() {
        return newDeployment("shop", source.toString());
    }

    public DeploymentState newDeployment(String app, String sourceText) {
        DeployRequest request = new DeployRequest(sourceText, Optional.empty(), Strategy.BLUE_GREEN, Optional.empty(),
                false);
        return DeploymentState.initial(ids.next(), app, "local", "test deployment", request, clock.instant());
    }

    @Override
    public void close() {
        try {
            PrivateFiles.deleteTree(root);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
