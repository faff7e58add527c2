package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.AgentStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the tests of agents started in the background with {@link AgentLauncher} (as the CLI starts
 * them): an {@link AgentHome} where no agent runs when the test begins; after each test the agent that runs on that
 * HIVEMIND_HOME, detached (with its supervisor) or inside the test, is stopped (waiting up to 30 s for its pid to be gone), then the fixture
 * closed and the directory removed. Register it in an instance field and take what the tests use in fields:
 * <pre>
 * &#64;RegisterExtension
 * final DetachedAgents agents = new DetachedAgents();
 * private final AgentFixture fixture = agents.fixture();
 * </pre>
 */
public final class DetachedAgents implements AfterEachCallback {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final AgentHome home = AgentHome.withoutAgent();

    /** The command that starts an agent in the background from this test's class path ({@link AgentMainForTests}). */
    public static List<String> agentCommand() {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        // C1 only and the serial collector: the agent starts sooner on a busy two-core machine
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                AgentMainForTests.class.getName());
    }

    /** Starts an agent in the background on this test's HIVEMIND_HOME, or finds the one running there (30 s at most). */
    public AgentStatus launch() {
        return AgentLauncher.ensureRunning(fixture().home, agentCommand(), TIMEOUT);
    }

    /**
     * Starts an agent in the background under its supervisor ({@link AgentSupervisor}), as the CLI does, or finds the
     * one running there (30 s at most).
     */
    public AgentStatus launchSupervised() {
        return AgentLauncher.ensureSupervised(fixture().home, agentCommand(), TIMEOUT);
    }

    /** The fixture on this test's HIVEMIND_HOME; no agent runs on it until the test starts one. */
    public AgentFixture fixture() {
        return home.fixture();
    }

    /** The temporary directory holding the HIVEMIND_HOME. */
    public Path directory() {
        return home.directory();
    }

    /** A port that was free when the test began, for the app's proxy. */
    public int publicPort() {
        return home.publicPort();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            AgentLauncher.stop(fixture().home, TIMEOUT);
        } finally {
            home.afterEach(context);
        }
    }
}
