package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the tests of a real host agent: a temporary directory holding a HIVEMIND_HOME, an
 * {@link AgentFixture} on it and a public port that was free when the test began. Before each test the agent starts
 * inside the test (unless {@link #withoutAgent()}) and, with {@link #serving(String)}, the app is registered on the
 * public port; after each test the agent is stopped with every instance it runs and the directory removed. Register
 * it in an instance field and take what the tests use in fields:
 * <pre>
 * &#64;RegisterExtension
 * final AgentHome agentHome = AgentHome.serving("web");
 * private final AgentFixture fixture = agentHome.fixture();
 * private final int publicPort = agentHome.publicPort();
 * </pre>
 * For agents the test starts in the background with {@link AgentLauncher}, use {@link DetachedAgents}.
 */
public final class AgentHome implements BeforeEachCallback, AfterEachCallback {
    private final boolean startAgent;
    private final Optional<String> app;
    private final int publicPort = AgentFixture.freePort();
    private Optional<AgentFixture> fixture = Optional.empty();

    private AgentHome(boolean startAgent, Optional<String> app) {
        this.startAgent = startAgent;
        this.app = app;
    }

    /** The agent is started before each test. */
    public static AgentHome withAgent() {
        return new AgentHome(true, Optional.empty());
    }

    /** The agent is started before each test and serves {@code app} on {@link #publicPort()} (no release yet). */
    public static AgentHome serving(String app) {
        return new AgentHome(true, Optional.of(app));
    }

    /** No agent runs when the test begins: the test starts it (in the test or in the background). */
    public static AgentHome withoutAgent() {
        return new AgentHome(false, Optional.empty());
    }

    /** The fixture on this test's HIVEMIND_HOME, made when first asked (so test fields can hold it). */
    public synchronized AgentFixture fixture() {
        if (fixture.isEmpty()) {
            try {
                fixture = Optional.of(new AgentFixture(Files.createTempDirectory("hivemind-agent-it-")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary directory for the agent's home", e);
            }
        }
        return fixture.get();
    }

    /** The temporary directory: the HIVEMIND_HOME is its {@code home}, the release directories its {@code releases}. */
    public Path directory() {
        return fixture().root;
    }

    /** A port that was free when the test began, for the app's proxy. */
    public int publicPort() {
        return publicPort;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (startAgent) {
            fixture().start();
        }
        app.ifPresent(name -> fixture().client.ensureApp(name, publicPort, "127.0.0.1"));
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws IOException {
        if (fixture.isPresent()) {
            try {
                fixture.get().close();
            } finally {
                PrivateFiles.deleteTree(fixture.get().root);
                fixture = Optional.empty();
            }
        }
    }
}
