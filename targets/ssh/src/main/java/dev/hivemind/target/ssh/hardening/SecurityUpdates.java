package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.List;

/**
 * Counts the security updates a host has not installed: the upgrades {@code apt-get -s upgrade} would make from a
 * {@code -security} origin, as the host's package lists know them (HiveMind does not refresh them; on a host without
 * its mirror they are as old as its last {@code apt-get update}). Installing them is left to unattended upgrades.
 */
final class SecurityUpdates {
    static final String STEP = "security-updates";
    private final RemoteShell shell;

    SecurityUpdates(RemoteShell shell) {
        this.shell = shell;
    }

    StepOutcome count() {
        String output = shell.run("apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null; echo \"--- lists $(date -u "
                + "-r \"$(ls -t /var/lib/apt/lists/*Packages* 2>/dev/null | head -1)\" +%Y-%m-%d 2>/dev/null)\"")
                .stdout();
        List<String> pending = pending(output);
        String lists = UfwRules.section(output, "--- lists", null).strip();
        String state = pending.isEmpty() ? "no security update pending"
                : pending.size() + " security updates pending (" + String.join(", ", pending.subList(0,
                        Math.min(8, pending.size()))) + (pending.size() > 8 ? ", …" : "") + ")";
        state += lists.isEmpty() ? " (no package lists)" : " (package lists of " + lists + ")";
        return StepOutcome.of(HardeningStep.unchanged(STEP, state), HostRubric.SECURITY_UPDATES_APPLIED,
                pending.isEmpty(), "Install the " + pending.size() + " pending security updates on "
                        + shell.host().display() + ": apt-get update && apt-get upgrade");
    }

    /** The packages {@code apt-get -s upgrade} would upgrade from a {@code -security} origin. */
    static List<String> pending(String simulation) {
        return simulation.lines().filter(line -> line.startsWith("Inst "))
                .filter(line -> line.contains("-security") || line.contains("Debian-Security"))
                .map(line -> line.split(" ")[1]).toList();
    }
}
