package dev.hivemind.target.ssh.hardening;

import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.Set;
import java.util.TreeSet;

/** The TCP ports something listens on, on a host, from {@code ss -Hltn}. */
final class Listeners {
    private Listeners() {
    }

    /** The ports listened on; with {@code offLoopback}, only those reachable from another machine. */
    static Set<Integer> tcpPorts(RemoteShell shell, boolean offLoopback) {
        return parse(shell.run("ss -Hltn 2>/dev/null").stdout(), offLoopback);
    }

    static Set<Integer> parse(String ss, boolean offLoopback) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : ss.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            String[] columns = line.split("\\s+");
            String address = columns.length > 3 ? columns[3] : "";
            if (!address.matches(".*:[0-9]+") || offLoopback && (address.startsWith("127.")
                    || address.startsWith("[::1]"))) {
                continue;
            }
            ports.add(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        }
        return ports;
    }
}
