package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * fail2ban with an sshd jail that reads sshd's log from systemd's journal ({@code backend = systemd}: Debian 12
 * writes no {@code /var/log/auth.log}), or from {@code /var/log/auth.log} where a syslog daemon other than journald
 * owns {@code /dev/log} (sshd's messages then never reach the journal), and bans with nftables where {@code nft} is
 * installed. The jail is a file of HiveMind's own in {@code /etc/fail2ban/jail.d/}; the package (with
 * python3-systemd) is installed when missing.
 */
final class Fail2banJail {
    static final String STEP = "fail2ban";
    static final String JAIL = "/etc/fail2ban/jail.d/hivemind-sshd.local";
    static final String AUTH_LOG = "/var/log/auth.log";
    private static final Pattern BANNED = Pattern.compile("Currently banned:\\s*([0-9]+)");
    private static final String STATUS = "fail2ban-client status sshd";
    /** Whether what programs send to syslog reaches the journal: {@code /dev/log} is journald's socket. */
    private static final String JOURNAL_GETS_SYSLOG = "[ \"$(readlink -f /dev/log)\" = /run/systemd/journal/dev-log ]"
            + " || [ ! -e " + AUTH_LOG + " ]";
    private final RemoteShell shell;

    Fail2banJail(RemoteShell shell) {
        this.shell = shell;
    }

    StepOutcome harden(Set<Integer> sshPorts) {
        if (!shell.run("[ -d /run/systemd/system ]").ok()) {
            return outcome(HardeningStep.unchanged(STEP, "no systemd: HiveMind does not run fail2ban here"), false,
                    "Run fail2ban on " + shell.host().display() + " with a jail that reads sshd's log file");
        }
        String before = state();
        List<String> missing = List.of("fail2ban", "python3-systemd").stream()
                .filter(name -> !HostPackages.installed(shell, List.of(name)).contains(name)).toList();
        if (!missing.isEmpty()) {
            CommandResult install = HostPackages.install(shell, missing);
            if (!install.ok()) {
                return outcome(HardeningStep.unchanged(STEP, before + " (apt-get install " + String.join(" ", missing)
                        + " failed: " + install.lastLines() + ")"), false, "Install " + String.join(" ", missing)
                        + " on " + shell.host().display() + " (it needs its package mirror) and deploy again");
            }
        }
        boolean nft = shell.run("command -v nft >/dev/null").ok();
        boolean journal = shell.run(JOURNAL_GETS_SYSLOG).ok();
        String wanted = jail(sshPorts, nft, journal);
        CommandResult current = shell.run("cat " + JAIL + " 2>/dev/null");
        boolean rewrite = !current.ok() || !current.stdout().equals(wanted);
        if (rewrite) {
            shell.run("set -e; cat > " + JAIL + ".new; mv " + JAIL + ".new " + JAIL,
                    wanted.getBytes(StandardCharsets.UTF_8), RemoteShell.DEFAULT_TIMEOUT);
        }
        boolean restart = rewrite || !missing.isEmpty() || !shell.run(STATUS + " >/dev/null 2>&1").ok();
        if (restart) {
            shell.run("systemctl enable --quiet fail2ban; systemctl restart fail2ban");
        }
        CommandResult status = shell.run("for i in $(seq 1 60); do " + STATUS + " >/dev/null 2>&1 && break; "
                + "sleep 0.5; done; " + STATUS);
        String after = status.ok() ? describe(status.stdout(), sshPorts, nft, journal)
                : "jail sshd not running (" + status.lastLines() + ")";
        return outcome(new HardeningStep(STEP, before, after, restart), status.ok(), "Look at why fail2ban's sshd "
                + "jail does not start on " + shell.host().display() + ": journalctl -u fail2ban");
    }

    /** What {@link #harden} would change: packages to install, the jail to write, fail2ban to restart. */
    List<String> planned(Set<Integer> sshPorts) {
        if (!shell.run("[ -d /run/systemd/system ]").ok()) {
            return List.of();
        }
        List<String> missing = List.of("fail2ban", "python3-systemd").stream()
                .filter(name -> !HostPackages.installed(shell, List.of(name)).contains(name)).toList();
        String wanted = jail(sshPorts, shell.run("command -v nft >/dev/null").ok(), shell.run(JOURNAL_GETS_SYSLOG).ok());
        CommandResult current = shell.run("cat " + JAIL + " 2>/dev/null");
        List<String> lines = new ArrayList<>();
        if (!missing.isEmpty()) {
            lines.add("fail2ban: apt-get install " + String.join(" ", missing));
        }
        if (!current.ok() || !current.stdout().equals(wanted)) {
            lines.add("fail2ban: write the sshd jail " + JAIL + " and restart fail2ban");
        } else if (!shell.run(STATUS + " >/dev/null 2>&1").ok()) {
            lines.add("fail2ban: start fail2ban");
        }
        return lines;
    }

    static String jail(Set<Integer> sshPorts, boolean nft, boolean journal) {
        String ports = sshPorts.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        return "# Written by HiveMind's hardening (docs/security.md). To undo: remove this file, then\n"
                + "# systemctl restart fail2ban\n"
                + "[sshd]\nenabled = true\n"
                + (journal ? "backend = systemd\n" : "backend = auto\nlogpath = " + AUTH_LOG + "\n")
                + "port = " + ports + "\nmaxretry = 5\nfindtime = 10m\nbantime = 1h\n"
                + (nft ? "banaction = nftables-multiport\nbanaction_allports = nftables-allports\n" : "");
    }

    private String state() {
        if (!shell.run("command -v fail2ban-client >/dev/null").ok()) {
            return "fail2ban not installed";
        }
        CommandResult status = shell.run(STATUS);
        return status.ok() ? "jail sshd active, " + banned(status.stdout()).orElse("?") + " banned"
                : "fail2ban installed, jail sshd not running";
    }

    static String describe(String status, Set<Integer> sshPorts, boolean nft, boolean journal) {
        return "jail sshd active (reading " + (journal ? "the journal" : AUTH_LOG) + ", ports "
                + sshPorts.stream().sorted().toList() + ", banning with " + (nft ? "nftables" : "iptables") + "), "
                + banned(status).orElse("?") + " banned";
    }

    static Optional<String> banned(String status) {
        Matcher matcher = BANNED.matcher(status);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private StepOutcome outcome(HardeningStep step, boolean passed, String recommendation) {
        return StepOutcome.of(step, HostRubric.FAIL2BAN_SSHD, passed, recommendation);
    }
}
