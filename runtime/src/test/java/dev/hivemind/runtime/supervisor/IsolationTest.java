package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Not as root the agent changes nothing: apps run as its user, without limits, and status says why. */
class IsolationTest {
    @TempDir
    Path temp;

    @Test
    void anAgentThatIsNotRootRunsAppsAsItselfUnlimitedAndSaysSo() throws IOException {
        HivemindHome home = new HivemindHome(temp.resolve("home"));
        Path release = Files.createDirectories(temp.resolve("release"));
        String modeBefore = Files.getPosixFilePermissions(release).toString();

        Isolation isolation = Isolation.detect(home, List.of(), false, false);
        Confinement confinement = isolation.confine("web", release, "r1", 1, ResourceLimits.defaults(),
                java.time.Duration.ofSeconds(5));

        assertThat(isolation.mode()).isEqualTo(Isolation.Mode.NONE);
        assertThat(isolation.describe("web", ResourceLimits.defaults()))
                .startsWith("not isolated: the agent does not run as root (it runs as ")
                .endsWith("), so apps run as its user, without limits");
        List<String> command = List.of("/bin/sh", "-c", "umask 022; exec node server.js");
        assertThat(confinement.wrap(command)).isEqualTo(command);
        assertThat(confinement.user()).isEmpty();
        assertThat(confinement.memoryKills()).isEmpty();
        assertThat(AppUser.find(AppUser.nameOf(home, "web"))).isEmpty();
        assertThat(Files.getPosixFilePermissions(release).toString()).isEqualTo(modeBefore);
    }

    @Test
    void anAppsUserNameIsShortSafeAndDiffersBetweenHomes() {
        HivemindHome one = new HivemindHome(temp.resolve("one"));
        HivemindHome two = new HivemindHome(temp.resolve("two"));
        String long_ = "My.Very_Long-Application-Name-That-Goes-On";

        assertThat(AppUser.nameOf(one, "web")).matches("hm-web-[0-9a-f]{6}");
        assertThat(AppUser.nameOf(one, "web")).isEqualTo(AppUser.nameOf(one, "web"))
                .isNotEqualTo(AppUser.nameOf(two, "web"));
        assertThat(AppUser.nameOf(one, long_)).matches("hm-my-very-long-appli-[0-9a-f]{6}").hasSizeLessThanOrEqualTo(32);
    }
}
