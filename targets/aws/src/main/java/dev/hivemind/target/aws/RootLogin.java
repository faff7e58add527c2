package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.ssh.SshTarget;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import java.time.Duration;
import java.util.Optional;

/**
 * Lets HiveMind's key log in as root on an instance it made: Debian's images take the imported key for {@code admin}
 * (with sudo) and answer root logins with "Please login as admin". HiveMind logs in once as {@code admin} and puts
 * its key, without that restriction, in root's {@code authorized_keys}, keys only ({@code PermitRootLogin
 * prohibit-password}, Debian's default, which the hardening keeps); the ssh target's code then works as root, as it
 * does on servers whose root login the user gives. Idempotent.
 */
final class RootLogin {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Duration BOOT = Duration.ofMinutes(3);

    private RootLogin() {
    }

    /** The host as root, once {@code publicKey} logs in there as root. */
    static SshHost authorize(SshTarget ssh, SshHost admin, String privateKey, String publicKey) {
        String base64 = publicKey.split(" ")[1];
        String script = "set -e; f=/root/.ssh/authorized_keys; install -d -m 700 /root/.ssh; touch \"$f\"; "
                + "grep -vF " + RemoteShell.quote(base64) + " \"$f\" > \"$f.new\" || true; echo "
                + RemoteShell.quote(publicKey) + " >> \"$f.new\"; chmod 600 \"$f.new\"; mv \"$f.new\" \"$f\"; "
                + "if sshd -T 2>/dev/null | grep -qx 'permitrootlogin no'; then "
                + "printf 'PermitRootLogin prohibit-password\\n' > /etc/ssh/sshd_config.d/10-hivemind-root.conf; "
                + "sshd -t && (systemctl reload ssh 2>/dev/null || kill -HUP $(cat /run/sshd.pid)); fi";
        try (SshConnection connection = connect(ssh, admin, privateKey)) {
            CommandResult result = connection.run(script, TIMEOUT);
            if (!result.ok()) {
                throw new InfrastructureException(Agent.PROVISIONER, "could not authorize HiveMind's key for root on "
                        + admin.display() + ": " + result.stderr().strip(), "Preparing the instance " + admin.address(),
                        "Check that the image lets " + admin.user() + " use sudo without a password, then run "
                        + "hivemind resume ID");
            }
        }
        return new SshHost(SshHost.DEFAULT_USER, admin.host(), admin.port());
    }

    /** A new instance's sshd answers once it has booted: tried every few seconds for {@link #BOOT} at most. */
    private static SshConnection connect(SshTarget ssh, SshHost admin, String privateKey) {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            try {
                return ssh.connect(admin, Optional.of(privateKey));
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Compute.sleep();
            }
        }
    }
}
