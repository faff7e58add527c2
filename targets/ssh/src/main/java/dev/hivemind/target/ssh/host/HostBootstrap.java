package dev.hivemind.target.ssh.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.time.Duration;
import java.util.List;

/**
 * The host's side of HiveMind, made idempotently: the {@code hivemind} system user and group, the
 * {@code /var/lib/hivemind} home (0700), and the packages of the stack's runtime when its commands are missing.
 * Each call returns what it changed; nothing when everything was already there.
 */
public final class HostBootstrap {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    static final String PREPARE = String.join("\n",
            "set -e",
            "if ! getent group hivemind >/dev/null; then groupadd --system hivemind; echo 'created the group hivemind'; fi",
            "if ! id -u hivemind >/dev/null 2>&1; then useradd --system --gid hivemind --home-dir " + RemoteLayout.ROOT
                    + " --no-create-home --shell /usr/sbin/nologin hivemind; echo 'created the system user hivemind'; fi",
            "for d in " + RemoteLayout.ROOT + " " + RemoteLayout.ROOT + "/apps " + RemoteLayout.STORE + "; do",
            "  if [ ! -d \"$d\" ]; then install -d -m 0700 -o root -g root \"$d\"; echo \"created $d (0700)\";",
            // 710: the search bit of the ACL entries that let each app's own user pass through to its release
            "  elif ! [ \"$(stat -c %a \"$d\")\" = 700 -o \"$(stat -c %a \"$d\")\" = 710 ]; then chmod go-rw,o-x \"$d\"; "
                    + "echo \"tightened $d (no read or write for group and others)\"; fi",
            "done");

    private HostBootstrap() {
    }

    /** Makes the user, group and directories; returns what changed. */
    public static List<String> prepare(RemoteShell shell) {
        return shell.run(PREPARE).require(Agent.PROVISIONER, "Preparing " + RemoteLayout.ROOT,
                "Check that the login may create users (root or sudo)").stdout().lines().filter(l -> !l.isBlank())
                .toList();
    }

    /** Installs {@code packages} with apt-get when one of {@code commands} is missing; returns what changed. */
    public static List<String> runtime(RemoteShell shell, List<String> commands, List<String> packages) {
        if (commands.isEmpty()) {
            return List.of();
        }
        String missing = "for c in " + String.join(" ", commands) + "; do command -v $c >/dev/null 2>&1 || echo $c; done";
        List<String> absent = shell.run(missing).stdout().lines().filter(line -> !line.isBlank()).toList();
        if (absent.isEmpty()) {
            return List.of();
        }
        CommandResult installed = shell.run("DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
                + String.join(" ", packages), INSTALL_TIMEOUT);
        installed.require(Agent.PROVISIONER, "Installing " + String.join(" ", packages) + " (for " + absent + ")",
                "Install them on the host yourself (apt-get update && apt-get install " + String.join(" ", packages)
                        + "); the host may not reach its package mirror");
        return List.of("installed " + String.join(" ", packages) + " with apt-get");
    }
}
