package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.client.HealthSettings;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.staticsite.StaticSiteServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A static site as the agent runs it: a release whose start command runs {@code $HIVEMIND_STATIC_SERVER}, in its
 * own process, health-gated, switched and stopped like any app.
 */
class StaticSiteReleaseIT {
    /** What the analyzer gives a site in public/ as its start command. */
    static final String START = "exec \"${HIVEMIND_STATIC_SERVER:?not set (the HiveMind host agent sets it)}\" public";

    @RegisterExtension
    final AgentHome agentHome = AgentHome.serving("site");
    private final AgentFixture fixture = agentHome.fixture();
    private final int publicPort = agentHome.publicPort();
    private final Path temp = agentHome.directory();

    @Test
    void theAgentWritesItsStaticServerForItsOwnJavaAndClassPath() throws Exception {
        Path script = fixture.home.agent().resolve("bin").resolve("hivemind-static");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwx------");
        assertThat(Files.readString(script)).startsWith("#!/bin/sh\n")
                .contains("exec '" + ProcessHandle.current().info().command().orElseThrow() + "' ")
                .contains(" -Xmx64m ")
                .contains(" -cp '" + System.getProperty("java.class.path") + "' ")
                .endsWith(" dev.hivemind.runtime.staticsite.StaticSiteServer \"$@\"\n");
    }

    @Test
    void servesASiteReleaseThroughTheProxyAndStopsItGracefully() throws Exception {
        // given a release directory holding a site in public/
        Path release = site("r1", "<h1>version one</h1>\n");

        // when the agent starts it with the static site's start command and switches to it
        fixture.client.startRelease("site", new ReleaseLaunch("r1", release, START, Map.of(), health()));
        InstanceView healthy = fixture.awaitState("site", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("site", "r1", Duration.ofSeconds(5));

        // then the page comes through the proxy, from a small-heap JVM of its own that the agent supervises
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("<h1>version one</h1>\n");
        assertThat(fixture.get(publicPort, "/style.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(fixture.get(publicPort, "/missing").statusCode()).isEqualTo(404);
        long pid = healthy.pid().orElseThrow();
        assertThat(ProcessHandle.of(pid).flatMap(process -> process.info().arguments()).orElseThrow())
                .contains("-Xmx64m", StaticSiteServer.class.getName(), "public");
        assertThat(healthy.lastLogLines()).anySatisfy(line -> assertThat(line)
                .isEqualTo("hivemind-static: serving " + release.resolve("public").toRealPath()
                        + " on http://127.0.0.1:" + healthy.port()));

        // and when a second release replaces it blue-green, the first is drained and stopped by SIGTERM
        Path next = site("r2", "<h1>version two</h1>\n");
        fixture.client.startRelease("site", new ReleaseLaunch("r2", next, START, Map.of(), health()));
        fixture.awaitState("site", "r2", InstanceState.HEALTHY);
        fixture.client.switchTo("site", "r2", Duration.ofSeconds(5));
        assertThat(fixture.get(publicPort, "/").body()).isEqualTo("<h1>version two</h1>\n");
        AgentFixture.await(() -> AgentFixture.processAlive(pid), alive -> !alive, Duration.ofSeconds(20),
                "release r1's static server to exit");
        InstanceView stopped = AgentFixture.await(() -> fixture.instance("site", "r1"),
                view -> view.exitCode().isPresent(), Duration.ofSeconds(10), "release r1's exit code");
        assertThat(stopped.state()).isEqualTo(InstanceState.STOPPED);
        assertThat(stopped.exitCode()).as("a JVM's exit status after SIGTERM").contains(143);
    }

    @Test
    void aSiteWithoutTheAgentsVariableFailsWithAClearLine() throws Exception {
        Path release = site("r1", "hi\n");
        Process process = new ProcessBuilder("/bin/sh", "-c", START).directory(release.toFile())
                .redirectErrorStream(true).start();

        assertThat(process.waitFor()).isNotZero();
        assertThat(new String(process.getInputStream().readAllBytes()))
                .contains("HIVEMIND_STATIC_SERVER: not set (the HiveMind host agent sets it)");
    }

    private Path site(String releaseId, String index) throws Exception {
        Path release = Files.createDirectories(temp.resolve("releases").resolve(releaseId).resolve("public"));
        Files.writeString(release.resolve("index.html"), index);
        Files.writeString(release.resolve("style.css"), "h1 { color: teal }\n");
        return release.getParent();
    }

    private static HealthSettings health() {
        return new HealthSettings("/", Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofSeconds(30));
    }
}
