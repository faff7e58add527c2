package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.remote.SshHost;
import java.util.List;
import java.util.Objects;

/**
 * What hardening a host would change, for a dry run or an approval gate, one line each; empty when the host is
 * hardened already.
 */
public record HardeningPlan(SshHost host, List<String> changes) {
    public HardeningPlan {
        Objects.requireNonNull(host, "host");
        changes = List.copyOf(changes);
    }

    /** The plan's lines, each prefixed by the host. */
    public List<String> lines() {
        return changes.isEmpty() ? List.of(host.display() + ": already hardened, nothing to change")
                : changes.stream().map(change -> host.display() + ": " + change).toList();
    }
}
