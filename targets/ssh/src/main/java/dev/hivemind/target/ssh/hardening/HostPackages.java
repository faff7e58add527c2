package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.time.Duration;
import java.util.List;

/** Debian packages on a host, through apt-get (non-interactive, keeping the host's changed configuration files). */
final class HostPackages {
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String APT = "DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confold";

    private HostPackages() {
    }

    /** The packages of {@code names} that are installed. */
    static List<String> installed(RemoteShell shell, List<String> names) {
        String output = shell.run("dpkg-query -W -f='${Package} ${Status}\\n' " + String.join(" ", names)
                + " 2>/dev/null || true").stdout();
        return output.lines().filter(line -> line.endsWith(" install ok installed"))
                .map(line -> line.substring(0, line.indexOf(' '))).toList();
    }

    /** Installs {@code names}, refreshing the package lists first only when the lists at hand do not do. */
    static CommandResult install(RemoteShell shell, List<String> names) {
        String packages = String.join(" ", names);
        return shell.run(APT + " --no-install-recommends install " + packages + " >/dev/null 2>&1 || { " + APT
                + " update >/dev/null && " + APT + " --no-install-recommends install " + packages + "; }", TIMEOUT);
    }

    /** Removes {@code names}, keeping their configuration (so {@code apt-get install} brings them back as they were). */
    static CommandResult remove(RemoteShell shell, List<String> names) {
        return shell.run(APT + " remove " + String.join(" ", names), TIMEOUT);
    }
}
