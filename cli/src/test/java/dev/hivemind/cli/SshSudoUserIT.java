package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh target logged in as a user who is not root but may run sudo without a password (the test host's
 * {@code deploy}): bootstrap, the uploads into root-only directories, the agent reached through its bridge, status
 * and destroy all go through sudo.
 */
class SshSudoUserIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(1);

    @Test
    void deploysServesAndDestroysAsASudoUser(@TempDir Path home, @TempDir Path work) {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        TestHost host = HOSTS.host(0);
        String login = TestHost.DEPLOY + "@" + host.address();
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result deploy = cli.run("deploy", CliHarness.example("node-express").toString(), "--app", "sudoer",
                "--target", "ssh", "--ssh-key", HOSTS.clientKey().toString(), "--host", login);

        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        assertThat(Http.get("http://" + host.address() + "/").body()).isEqualTo("Hello from node-express v1\n");
        assertThat(host.exec("stat -c %U /var/lib/hivemind/store").output().strip()).isEqualTo("root");
        CliHarness.Result status = cli.run("status", "sudoer");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern(login.replace(".", "\\.") + ":22 +\\S+ +1/1");

        CliHarness.Result destroy = cli.run("destroy", "sudoer", "--auto-approve");
        assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
        assertThat(host.exec("test -e /var/lib/hivemind/apps/sudoer").ok()).isFalse();
    }
}
