package dev.hivemind.cli.view;

import dev.hivemind.api.remote.HostStatus;
import java.io.PrintStream;
import java.util.List;

/** {@code status APP}'s rows for an app on several hosts: release, readiness and the last minute's traffic. */
public final class HostTable {

    private HostTable() {
    }

    /** Prints a row per host; returns whether a host is down (unreachable, or no ready release). */
    public static boolean print(List<HostStatus> hosts, PrintStream out) {
        if (hosts.isEmpty()) {
            return false;
        }
        out.println();
        out.printf("%-28s %-31s %-8s %-14s %s%n", "HOST", "RELEASE", "READY", "REQUESTS (1m)", "ERRORS");
        for (HostStatus host : hosts) {
            if (host.problem().isPresent()) {
                out.printf("%-28s %s%n", host.host(), "DOWN: " + host.problem().get());
                continue;
            }
            out.printf("%-28s %-31s %-8s %-14d %.1f %%%n", host.host(), host.release().orElse("-"),
                    host.ready() + "/" + host.instances(), host.requests(), host.errorRate() * 100);
        }
        return hosts.stream().anyMatch(host -> !host.healthy());
    }
}
