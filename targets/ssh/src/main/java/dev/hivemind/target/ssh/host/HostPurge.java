package dev.hivemind.target.ssh.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code destroy --purge-host}: takes HiveMind off a host that runs no app any more, undoing what bootstrap made (the
 * agent's systemd unit or fallback supervisor, {@code /var/lib/hivemind} with the agent, its Java runtime and the
 * artifact store, the {@code hivemind} user and group). What is the host's own afterwards stays: the runtimes
 * installed from its package manager, and the hardening (firewall, sshd, fail2ban, unattended upgrades).
 */
public final class HostPurge {
    static final String SCRIPT = String.join("\n",
            "if [ -f " + RemoteLayout.UNIT_FILE + " ]; then",
            "  systemctl disable --now " + RemoteLayout.UNIT + " >/dev/null 2>&1",
            "  rm -f " + RemoteLayout.UNIT_FILE + " && systemctl daemon-reload && systemctl reset-failed "
                    + RemoteLayout.UNIT + " >/dev/null 2>&1",
            "  echo 'stopped and removed the systemd unit " + RemoteLayout.UNIT + "'",
            "fi",
            "if [ -f " + RemoteLayout.SUPERVISOR_PID + " ]; then " + AgentService.stopSupervisor()
                    + "; echo 'stopped the agent and its fallback supervisor'; fi",
            "if [ -d " + RemoteLayout.ROOT + " ]; then rm -rf " + RemoteLayout.ROOT + " && echo 'removed "
                    + RemoteLayout.ROOT + " (the agent, its Java runtime and the artifact store)' || exit 1; fi",
            "if id -u hivemind >/dev/null 2>&1; then userdel hivemind && echo 'removed the system user hivemind' "
                    + "|| exit 1; fi",
            "if getent group hivemind >/dev/null; then groupdel hivemind && echo 'removed the group hivemind' "
                    + "|| exit 1; fi",
            "true");

    private HostPurge() {
    }

    /** Removes HiveMind from the host; returns what it removed and what it kept, one line each. */
    public static List<String> purge(RemoteShell shell) {
        List<String> lines = new ArrayList<>(shell.run(SCRIPT).require(Agent.PROVISIONER, "Removing HiveMind from the "
                + "host", "Remove it by hand: systemctl disable --now " + RemoteLayout.UNIT + "; rm -rf "
                + RemoteLayout.ROOT + " " + RemoteLayout.UNIT_FILE + "; userdel hivemind").stdout().lines()
                .filter(line -> !line.isBlank()).toList());
        lines.add("kept the host's own: runtimes installed with its package manager, and its hardening (firewall, "
                + "sshd settings, fail2ban, unattended upgrades)");
        return lines;
    }
}
