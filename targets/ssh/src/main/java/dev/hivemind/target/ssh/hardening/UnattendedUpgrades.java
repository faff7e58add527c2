package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Unattended security upgrades: the {@code unattended-upgrades} package (whose Debian configuration takes the
 * {@code -security} origin) and {@code APT::Periodic} turned on in {@code /etc/apt/apt.conf.d/20auto-upgrades}, the
 * file {@code dpkg-reconfigure unattended-upgrades} writes.
 */
final class UnattendedUpgrades {
    static final String STEP = "unattended-upgrades";
    static final String FILE = "/etc/apt/apt.conf.d/20auto-upgrades";
    static final String CONTENT = """
            APT::Periodic::Update-Package-Lists "1";
            APT::Periodic::Unattended-Upgrade "1";
            """;
    private static final String SETTINGS = "eval \"$(apt-config shell LISTS APT::Periodic::Update-Package-Lists "
            + "UPGRADE APT::Periodic::Unattended-Upgrade)\"; ";
    private final RemoteShell shell;

    UnattendedUpgrades(RemoteShell shell) {
        this.shell = shell;
    }

    StepOutcome harden() {
        boolean installed = !HostPackages.installed(shell, List.of("unattended-upgrades")).isEmpty();
        String before = state(installed);
        if (installed && enabled(before)) {
            return outcome(HardeningStep.unchanged(STEP, before), true);
        }
        if (!installed) {
            CommandResult install = HostPackages.install(shell, List.of("unattended-upgrades"));
            if (!install.ok()) {
                return outcome(HardeningStep.unchanged(STEP, before + " (apt-get install unattended-upgrades failed: "
                        + install.lastLines() + ")"), false);
            }
        }
        String now = state(true);
        if (!enabled(now)) {
            shell.run("set -e; cat > " + FILE + ".new; mv " + FILE + ".new " + FILE,
                    CONTENT.getBytes(StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT);
            now = state(true);
        }
        return outcome(new HardeningStep(STEP, before, now, true), enabled(now));
    }

    /** What {@link #harden} would change: the package to install, the periodic settings to write. */
    List<String> planned() {
        boolean installed = !HostPackages.installed(shell, List.of("unattended-upgrades")).isEmpty();
        String now = state(installed);
        if (installed && enabled(now)) {
            return List.of();
        }
        String turnOn = "unattended upgrades: turn on APT::Periodic in " + FILE;
        return installed ? List.of(turnOn)
                : List.of("unattended upgrades: apt-get install unattended-upgrades", turnOn + " unless it does");
    }

    private String state(boolean installed) {
        String values = shell.run(SETTINGS + "echo \"Update-Package-Lists=${LISTS:-unset} "
                + "Unattended-Upgrade=${UPGRADE:-unset}\"").output();
        return (installed ? "unattended-upgrades installed" : "unattended-upgrades not installed") + ", APT::Periodic "
                + values;
    }

    static boolean enabled(String state) {
        return state.contains("unattended-upgrades installed") && state.contains("Update-Package-Lists=1 ")
                && state.endsWith("Unattended-Upgrade=1");
    }

    private StepOutcome outcome(HardeningStep step, boolean passed) {
        return StepOutcome.of(step, HostRubric.UNATTENDED_UPGRADES, passed, "Turn on unattended security upgrades on "
                + shell.host().display() + ": apt-get install unattended-upgrades, then dpkg-reconfigure -plow "
                + "unattended-upgrades (a later file in /etc/apt/apt.conf.d/ may turn " + FILE + " off)");
    }
}
