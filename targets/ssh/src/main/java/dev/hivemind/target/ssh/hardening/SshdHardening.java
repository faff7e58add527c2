package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.error.Agent;
import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Makes sshd accept keys only, by a drop-in that sorts first in {@code /etc/ssh/sshd_config.d/} (sshd keeps the
 * first value it reads): {@code PasswordAuthentication no}, {@code KbdInteractiveAuthentication no} and, when root
 * may log in with a password, {@code PermitRootLogin prohibit-password}. The drop-in is checked with
 * {@code sshd -t} (the previous one is put back when that fails) and applied by a reload only once a second SSH
 * connection with the same key has worked; when one no longer works after the reload, the previous configuration is
 * put back and reloaded, so HiveMind never locks the user out.
 */
final class SshdHardening {
    static final String STEP = "sshd";
    static final String DROP_IN = "/etc/ssh/sshd_config.d/00-hivemind.conf";
    private static final String SSHD = "\"$(command -v sshd || echo /usr/sbin/sshd)\"";
    private static final String RELOAD = "systemctl reload ssh 2>/dev/null || systemctl reload sshd 2>/dev/null "
            + "|| kill -HUP \"$(cat /run/sshd.pid)\"";
    private final RemoteShell shell;

    SshdHardening(RemoteShell shell) {
        this.shell = shell;
    }

    /** The settings sshd runs with now. */
    SshdSettings settings() {
        return SshdSettings.parse(shell.run("mkdir -p /run/sshd; " + SSHD + " -T").stdout());
    }

    StepOutcome harden(BooleanSupplier secondLoginWorks) {
        SshdSettings before = settings();
        Optional<String> previous = dropIn();
        String wanted = dropInText(before, previous);
        if (previous.equals(Optional.of(wanted)) || previous.isEmpty() && before.hardened()) {
            return outcome(HardeningStep.unchanged(STEP, before.describe()), before.hardened(), notIncluded(before));
        }
        write(Optional.of(wanted));
        CommandResult test = shell.run(SSHD + " -t");
        if (!test.ok()) {
            write(previous);
            return failed(before, "sshd -t refused the configuration (" + test.lastLines()
                    + "), so the previous one was put back", "Fix what sshd -t reports on " + shell.host().display()
                    + " and deploy again");
        }
        if (!secondLoginWorks.getAsBoolean()) {
            write(previous);
            return failed(before, "a second SSH connection with HiveMind's key did not work, so passwords were left "
                    + "on", "Make sure a new SSH connection with your key works on " + shell.host().display());
        }
        reload();
        if (!loginAfterReload(secondLoginWorks, before.ports())) {
            write(previous);
            reload();
            return failed(before, "a second SSH connection with HiveMind's key failed after the reload, so the "
                    + "previous configuration was put back", "Check sshd's log on " + shell.host().display()
                    + " (journalctl -u ssh) for why key logins failed");
        }
        SshdSettings after = settings();
        return outcome(new HardeningStep(STEP, before.describe(), after.describe(), true), after.hardened(),
                notIncluded(after));
    }

    private String notIncluded(SshdSettings settings) {
        return "sshd on " + shell.host().display() + " still accepts passwords (" + settings.describe() + ") although "
                + DROP_IN + " turns them off: make sure /etc/ssh/sshd_config starts with "
                + "Include /etc/ssh/sshd_config.d/*.conf and that no Match block turns them on";
    }

    /** What {@link #harden} would change: nothing, or the drop-in and a reload. */
    List<String> planned() {
        SshdSettings now = settings();
        Optional<String> previous = dropIn();
        String wanted = dropInText(now, previous);
        if (previous.equals(Optional.of(wanted)) || previous.isEmpty() && now.hardened()) {
            return List.of();
        }
        return List.of("sshd: write " + DROP_IN + " (" + String.join(", ", wanted.lines()
                .filter(line -> !line.startsWith("#")).toList()) + "), check it with sshd -t and reload sshd once a "
                + "second SSH login with the same key works");
    }

    /** What the drop-in holds: root's line only when root may use a password, or HiveMind already wrote it. */
    static String dropInText(SshdSettings settings, Optional<String> previous) {
        boolean root = !settings.rootKeysOnly() || previous.filter(text -> text.contains("PermitRootLogin")).isPresent();
        return "# Written by HiveMind's hardening (docs/security.md). To undo: remove this file, then\n"
                + "# systemctl reload ssh\n"
                + "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                + (root ? "PermitRootLogin prohibit-password\n" : "");
    }

    private Optional<String> dropIn() {
        CommandResult read = shell.run("cat " + DROP_IN + " 2>/dev/null");
        return read.ok() ? Optional.of(read.stdout()) : Optional.empty();
    }

    private void write(Optional<String> text) {
        String doing = "Writing " + DROP_IN;
        String remediation = "Check that / is writable on " + shell.host().display();
        if (text.isEmpty()) {
            shell.run("rm -f " + DROP_IN).require(Agent.SHERIFF, doing, remediation);
            return;
        }
        shell.run("set -e; cat > " + DROP_IN + ".new; chmod 644 " + DROP_IN + ".new; mv " + DROP_IN + ".new " + DROP_IN,
                text.orElseThrow().getBytes(StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT)
                .require(Agent.SHERIFF, doing, remediation);
    }

    /**
     * Whether a new login works once sshd listens again: on SIGHUP sshd closes its listening sockets and executes
     * itself anew, so a connection in between is refused. Three tries, a second apart.
     */
    private boolean loginAfterReload(BooleanSupplier secondLoginWorks, Set<Integer> ports) {
        int port = ports.stream().findFirst().orElse(shell.host().port());
        for (int attempt = 1; attempt <= 3; attempt++) {
            shell.run("for i in $(seq 1 50); do ss -Hltn 'sport = :" + port + "' | grep -q LISTEN && break; "
                    + "sleep 0.2; done");
            if (secondLoginWorks.getAsBoolean()) {
                return true;
            }
            shell.run("sleep 1");
        }
        return false;
    }

    private void reload() {
        shell.run(RELOAD).require(Agent.SHERIFF, "Reloading sshd", "Reload it on " + shell.host().display()
                + " yourself (systemctl reload ssh) and look at its log (journalctl -u ssh)");
    }

    private StepOutcome failed(SshdSettings before, String why, String recommendation) {
        return outcome(new HardeningStep(STEP, before.describe(), before.describe() + " (" + why + ")", false), false,
                recommendation);
    }

    private StepOutcome outcome(HardeningStep step, boolean passed, String recommendation) {
        return StepOutcome.of(step, HostRubric.SSH_KEYS_ONLY, passed, recommendation);
    }
}
