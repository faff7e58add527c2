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

/**
 * Not as root the agent changes nothing: apps run as its user, without limits, and status says why; as root under
 * systemd each instance is a transient service, and status says what enforces its limits.
 */
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

    @Test
    void aRootAgentUnderSystemdRunsEachInstanceAsASandboxedTransientServiceAndSaysWhatEnforcesItsLimits() {
        HivemindHome home = new HivemindHome(temp.resolve("home"));

        Isolation isolation = Isolation.detect(home, List.of(), true, true);

        assertThat(isolation.mode()).isEqualTo(Isolation.Mode.SYSTEMD);
        String described = isolation.describe("web", new ResourceLimits(256L << 20, 64));
        assertThat(described).startsWith("runs as user " + AppUser.nameOf(home, "web") + "; each instance a transient "
                + "systemd service sandboxed with NoNewPrivileges=yes, ProtectSystem=strict, PrivateTmp=yes");
        if (Isolation.missingControllers().isEmpty()) {
            assertThat(described).endsWith(" and limited to 256M of memory and 64 tasks (MemoryMax, TasksMax)");
        } else {
            assertThat(described).endsWith(", limited by rlimits (" + Isolation.missingControllers().get() + "): 256M "
                    + "of data memory per process (LimitDATA), 64 tasks for the app's user (LimitNPROC)");
        }
    }
}
