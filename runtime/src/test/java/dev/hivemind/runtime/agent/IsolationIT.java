package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.InstancePolicy;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.supervisor.AppUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As root (how the agent runs on a server, and here), each app runs as its own user that can read its own release and
 * nothing else, each instance within its memory and tasks limits, and destroying an app ends every process it started.
 * The limits are enforced by cgroup v1 on this machine; the SSH target's test hosts exercise the rlimit fallback.
 */
class IsolationIT {
    @TempDir
    Path temp;
    AgentFixture fixture;

    @BeforeEach
    void startAgent() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "isolation needs root; as an ordinary user apps run as that user (IsolationTest)");
        fixture = new AgentFixture(temp).start();
    }

    @AfterEach
    void stopAgent() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anAppCannotReadAnotherAppsReleaseNorTheAgentsDesiredState() {
        // given an app with a secret in its environment (so desired.json holds it) and a second app
        fixture.client.ensureApp("beta", AgentFixture.freePort(), "127.0.0.1");
        fixture.client.startRelease("beta", fixture.launch("b1", Map.of("SECRET", "beta-password")));
        fixture.awaitState("beta", "b1", InstanceState.HEALTHY);
        Path beta = fixture.root.resolve("releases").resolve("b1");
        Path desired = fixture.home.agent().resolve("desired.json");
        assertThat(desired).content().contains("beta-password");

        // when the other app tries to read them
        fixture.client.ensureApp("alpha", AgentFixture.freePort(), "127.0.0.1");
        ReleaseLaunch node = fixture.launch("a1", Map.of());
        String probe = "id -un > whoami.txt; "
                + "cat '" + beta.resolve("server.js") + "' > /dev/null 2>&1 && echo read-beta >> probe.txt; "
                + "ls '" + beta + "' > /dev/null 2>&1 && echo listed-beta >> probe.txt; "
                + "cat '" + desired + "' > /dev/null 2>&1 && echo read-desired >> probe.txt; "
                + "ls '" + fixture.home.root() + "' > /dev/null 2>&1 && echo listed-home >> probe.txt; "
                + "echo done >> probe.txt; exec node server.js";
        fixture.client.startRelease("alpha", new ReleaseLaunch("a1", node.directory(), probe, Map.of(),
                AgentFixture.fastHealth()));
        InstanceView alpha = fixture.awaitState("alpha", "a1", InstanceState.HEALTHY);

        // then it runs as its own user, reads its own release and nothing of beta's or the agent's
        assertThat(read(node.directory().resolve("whoami.txt")).strip())
                .isEqualTo(AppUser.nameOf(fixture.home, "alpha"));
        assertThat(read(node.directory().resolve("probe.txt")).lines()).containsExactly("done");
        assertThat(alpha.user()).contains(AppUser.nameOf(fixture.home, "alpha"));
        assertThat(fixture.client.app("alpha").orElseThrow().isolation())
                .startsWith("runs as user " + AppUser.nameOf(fixture.home, "alpha"));
    }

    @Test
    void aReleaseRunsWhatItLinksToInADirectoryOnlyRootMayEnter() throws IOException {
        // given a tool in a directory closed to others (as an interpreter under /root/.pyenv is) and a release linking it
        Path closed = Files.createDirectories(temp.resolve("closed"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path tool = Files.writeString(Files.createDirectories(closed.resolve("tools")).resolve("greet"),
                "#!/bin/sh\necho linked tool ran\n");
        Files.setPosixFilePermissions(tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        fixture.client.ensureApp("linked", AgentFixture.freePort(), "127.0.0.1");
        ReleaseLaunch node = fixture.launch("l1", Map.of());
        Files.createSymbolicLink(node.directory().resolve("greet"), tool);

        // when it starts
        fixture.client.startRelease("linked", new ReleaseLaunch("l1", node.directory(),
                "./greet > greeted.txt && exec node server.js", Map.of(), AgentFixture.fastHealth()));
        fixture.awaitState("linked", "l1", InstanceState.HEALTHY);

        // then the tool ran, as the app's user
        assertThat(read(node.directory().resolve("greeted.txt"))).isEqualTo("linked tool ran\n");
        assertThat(Files.getOwner(node.directory().resolve("greeted.txt")).getName())
                .isEqualTo(AppUser.nameOf(fixture.home, "linked"));
    }

    @Test
    void aReleaseStartsAgainAfterADirectoryAboveItWasTightened() throws IOException {
        // given a release that ran, and a directory above it chmod-ed 0700 since (as a provision's check does)
        fixture.client.ensureApp("again", AgentFixture.freePort(), "127.0.0.1");
        fixture.client.startRelease("again", fixture.launch("g1", Map.of()));
        fixture.awaitState("again", "g1", InstanceState.HEALTHY);
        fixture.client.stopRelease("again", "g1");
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        // when it starts again, by an absolute path (as npm resolves its directory), then it becomes healthy: the way
        // through was granted again
        ReleaseLaunch node = fixture.launch("g1", Map.of());
        fixture.client.startRelease("again", new ReleaseLaunch("g1", node.directory(), "exec node \"$PWD/server.js\"",
                Map.of(), AgentFixture.fastHealth()));
        assertThat(fixture.awaitState("again", "g1", InstanceState.HEALTHY).user())
                .contains(AppUser.nameOf(fixture.home, "again"));
    }

    @Test
    void aForkBombStopsAtTheTaskLimitAndAnotherAppKeepsAnswering() {
        // given an app that answers
        int otherPort = AgentFixture.freePort();
        fixture.client.ensureApp("calm", otherPort, "127.0.0.1");
        fixture.startHealthy("calm", "c1", "v1");
        fixture.client.switchTo("calm", "c1", Duration.ofSeconds(5));

        // when another app, limited to 32 tasks, starts as many processes as it can (up to 400) once it serves
        int bombPort = AgentFixture.freePort();
        fixture.client.ensureApp("bomb", bombPort, "127.0.0.1");
        ReleaseLaunch node = fixture.launch("f1", Map.of());
        String bomb = "(sleep 1; i=0; while [ $i -lt 400 ]; do sleep 300 & i=$((i+1)); done) > /dev/null 2>&1 & "
                + "exec node server.js";
        fixture.client.startRelease("bomb", new ReleaseLaunch("f1", node.directory(), bomb, Map.of(),
                AgentFixture.fastHealth(), InstancePolicy.defaults().withLimits(new ResourceLimits(256L << 20, 32))));
        fixture.awaitState("bomb", "f1", InstanceState.HEALTHY);
        fixture.client.switchTo("bomb", "f1", Duration.ofSeconds(5));
        AppUser user = AppUser.find(AppUser.nameOf(fixture.home, "bomb")).orElseThrow();
        AgentFixture.await(user::processes, processes -> processes.size() >= 20, Duration.ofSeconds(20),
                "the fork loop to start");
        AgentFixture.sleep(Duration.ofSeconds(2));
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            answered += fixture.get(otherPort, "/pid").statusCode() == 200 ? 1 : 0;
        }

        // then it holds at most 32 tasks (its server's threads included), the server itself and the other app answer
        assertThat(user.processes()).hasSizeBetween(2, 32);
        assertThat(answered).isEqualTo(20);
        assertThat(fixture.get(bombPort, "/pid").statusCode()).isEqualTo(200);
    }

    @Test
    void anInstanceOverItsMemoryLimitIsKilledRestartedAndStatusSaysSo() {
        // given an app whose first start allocates (and touches) up to 400 MB, past its 64M limit
        fixture.client.ensureApp("hog", AgentFixture.freePort(), "127.0.0.1");
        ReleaseLaunch node = fixture.launch("h1", Map.of());
        String hog = "if [ -f hogged ]; then exec node server.js; fi; touch hogged; exec node -e \""
                + "const kept = []; const grow = setInterval(() => { kept.push(Buffer.alloc(8 << 20, 1)); "
                + "if (kept.length >= 50) { clearInterval(grow); process.exit(3); } }, 20)\"";
        fixture.client.startRelease("hog", new ReleaseLaunch("h1", node.directory(), hog, Map.of(),
                AgentFixture.fastHealth(), InstancePolicy.defaults().withLimits(new ResourceLimits(64L << 20, 64))));

        // when it comes up again
        InstanceView healthy = fixture.awaitState("hog", "h1", InstanceState.HEALTHY);

        // then the kernel killed it (not its own exit 3), the agent restarted it and says why
        assertThat(healthy.restarts()).isGreaterThanOrEqualTo(1);
        assertThat(healthy.memoryKills()).isGreaterThanOrEqualTo(1);
        assertThat(read(Path.of(healthy.logPath())))
                .contains("killed by the kernel for going over its memory limit of 64M");
        assertThat(fixture.client.app("hog").orElseThrow().isolation()).contains("64M of memory and 64 tasks");
    }

    @Test
    void destroyEndsAChildThatLeftTheProcessGroupAndSessionAndRemovesTheUser() {
        // given an app that starts a child in a session of its own
        fixture.client.ensureApp("escape", AgentFixture.freePort(), "127.0.0.1");
        ReleaseLaunch node = fixture.launch("e1", Map.of());
        String escape = "setsid sleep 600 < /dev/null > /dev/null 2>&1 & echo $! > child.pid; exec node server.js";
        fixture.client.startRelease("escape", new ReleaseLaunch("e1", node.directory(), escape, Map.of(),
                AgentFixture.fastHealth()));
        InstanceView instance = fixture.awaitState("escape", "e1", InstanceState.HEALTHY);
        long child = Long.parseLong(read(node.directory().resolve("child.pid")).strip());
        assertThat(AgentFixture.processAlive(child)).isTrue();
        assertThat(sessionOf(child)).isNotEqualTo(sessionOf(instance.pid().orElseThrow()));
        String user = AppUser.nameOf(fixture.home, "escape");

        // when the app is destroyed
        fixture.client.removeApp("escape");

        // then its child is gone with it, and so is its user
        assertThat(AgentFixture.processAlive(child)).isFalse();
        assertThat(AppUser.find(user)).isEmpty();
        List<AppView> left = fixture.client.status().apps().stream().map(app -> fixture.client.app(app))
                .flatMap(java.util.Optional::stream).toList();
        assertThat(left).extracting(AppView::app).doesNotContain("escape");
    }

    private static long sessionOf(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
