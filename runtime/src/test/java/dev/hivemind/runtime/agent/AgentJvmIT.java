package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseLaunch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM of the command {@code agent start} runs ({@link AgentJvm#command}): what it writes by itself, out of
 * HiveMind's code (the class cache, the training run's AOT configuration), is private; its instances keep the usual
 * umask.
 */
class AgentJvmIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

    @TempDir
    Path temp;

    @Test
    void theClassCacheTheJvmWritesOnItsWayOutIs0600() throws Exception {
        // given a JVM run by the agent's command line without a class cache (the JVM records one only for a
        // classpath of jars: javac's main from the JDK, with an empty jar as the classpath)
        HivemindHome home = new HivemindHome(temp.resolve("home"));
        PrivateFiles.directory(home.agent());
        Path jar = emptyJar(temp.resolve("empty.jar"));
        List<String> command = AgentJvm.command(JAVA, home, jar.toString(), "com.sun.tools.javac.Main",
                List.of("-version"));

        // when it runs to its end
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("output.txt").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        // then every file it wrote under agent/ is the user's alone
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("output.txt"))).isZero();
        assertThat(AgentJvm.cache(home, Runtime.version())).exists();
        try (Stream<Path> files = Files.list(home.agent())) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(PrivateFiles.mode(file))
                    .as(file.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void theAgentRunsUnderUmask077AndItsInstancesUnder022() throws Exception {
        // given the agent started by the launcher with the agent's command line
        AgentFixture fixture = new AgentFixture(temp);
        try {
            List<String> command = AgentJvm.command(JAVA, fixture.home, System.getProperty("java.class.path"),
                    AgentMainForTests.class.getName(), List.of());
            AgentStatus agent = AgentLauncher.ensureRunning(fixture.home, command, Duration.ofSeconds(60));

            // when an instance creates a file
            fixture.client.ensureApp("web", AgentFixture.freePort(), "127.0.0.1");
            ReleaseLaunch plain = fixture.launch("r1", Map.of("VERSION", "v1"));
            fixture.client.startRelease("web", new ReleaseLaunch(plain.releaseId(), plain.directory(),
                    "touch made-by-the-app && exec node server.js", plain.environment(), plain.health()));
            fixture.awaitState("web", "r1", InstanceState.HEALTHY);

            // then the agent's own files would be 0600, the app's keep the usual 0644
            assertThat(umask(agent.pid())).isEqualTo("0077");
            assertThat(PrivateFiles.mode(plain.directory().resolve("made-by-the-app"))).isEqualTo("rw-r--r--");
        } finally {
            AgentLauncher.stop(fixture.home, Duration.ofSeconds(60));
            fixture.close();
        }
    }

    private static String umask(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("Umask:")).map(line -> line.substring(6).strip()).findFirst()
                .orElseThrow();
    }

    private static Path emptyJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
