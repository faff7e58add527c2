package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Telnet, FTP and rsh servers, which send passwords in the clear: removed when installed (their configuration kept,
 * so {@code apt-get install} brings one back as it was), or, when removal fails, their units stopped and disabled.
 */
final class LegacyServices {
    static final String STEP = "legacy-services";
    /** The Debian packages of telnet, FTP and rsh servers. */
    static final List<String> PACKAGES = List.of("telnetd", "inetutils-telnetd", "telnetd-ssl", "telnetd-hpa",
            "vsftpd", "proftpd-core", "proftpd-basic", "pure-ftpd", "inetutils-ftpd", "ftpd", "ftpd-ssl", "tnftpd",
            "rsh-server", "rsh-redone-server", "krb5-rsh-server");
    /** ftp 21, telnet 23, rexec 512, rlogin 513, rsh 514. */
    static final Set<Integer> PORTS = Set.of(21, 23, 512, 513, 514);
    private static final String UNITS = "vsftpd proftpd pure-ftpd inetd inetutils-inetd openbsd-inetd xinetd";
    private final RemoteShell shell;

    LegacyServices(RemoteShell shell) {
        this.shell = shell;
    }

    StepOutcome harden() {
        List<String> installed = HostPackages.installed(shell, PACKAGES);
        Set<Integer> listening = listening();
        String before = describe(installed, listening);
        if (installed.isEmpty() && listening.isEmpty()) {
            return outcome(HardeningStep.unchanged(STEP, before), true);
        }
        if (!installed.isEmpty()) {
            CommandResult removal = HostPackages.remove(shell, installed);
            if (!removal.ok() || !listening().isEmpty()) {
                shell.run("for unit in " + UNITS + "; do systemctl disable --now \"$unit\" 2>/dev/null; done; true");
            }
        }
        List<String> left = HostPackages.installed(shell, PACKAGES);
        Set<Integer> stillListening = listening();
        return outcome(new HardeningStep(STEP, before, describe(left, stillListening), true),
                stillListening.isEmpty() && left.isEmpty());
    }

    /** What {@link #harden} would change: the telnet, FTP and rsh server packages to remove. */
    List<String> planned() {
        List<String> installed = HostPackages.installed(shell, PACKAGES);
        return installed.isEmpty() ? List.of() : List.of("legacy services: apt-get remove " + String.join(" ", installed));
    }

    /** Which of ftp's, telnet's and rsh's ports something listens on. */
    private Set<Integer> listening() {
        Set<Integer> ports = new TreeSet<>(Listeners.tcpPorts(shell, false));
        ports.retainAll(PORTS);
        return ports;
    }

    static String describe(List<String> installed, Set<Integer> listening) {
        if (installed.isEmpty() && listening.isEmpty()) {
            return "no telnet, FTP or rsh server";
        }
        return (installed.isEmpty() ? "no telnet, FTP or rsh server package" : "installed: "
                + String.join(", ", installed)) + (listening.isEmpty() ? "" : "; listening on " + listening);
    }

    private StepOutcome outcome(HardeningStep step, boolean passed) {
        return StepOutcome.of(step, HostRubric.NO_LEGACY_SERVICES, passed, "Stop what listens on " + PORTS
                + " on " + shell.host().display() + " (ss -ltnp names it) and remove its package");
    }
}
