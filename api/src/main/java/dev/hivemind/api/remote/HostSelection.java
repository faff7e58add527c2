package dev.hivemind.api.remote;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts a deployment runs on and how they are reached, kept in the deployment's request.
 *
 * @param hosts        in the order rollouts visit them
 * @param identityFile the private key given with {@code --ssh-key} (else the user's usual keys, then the SSH agent)
 * @param maxParallel  how many hosts a rollout switches at once (at least 1)
 * @param harden       whether the harden stage changes the hosts (firewall, sshd, fail2ban...); {@code --no-harden}
 *                     records it as skipped
 */
public record HostSelection(List<SshHost> hosts, Optional<String> identityFile, int maxParallel, boolean harden) {

    public HostSelection {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        identityFile = identityFile == null ? Optional.empty() : identityFile;
        maxParallel = Math.max(1, maxParallel);
        if (hosts.stream().map(SshHost::fileName).distinct().count() != hosts.size()) {
            throw new IllegalArgumentException("a host is listed twice: " + hosts);
        }
    }

    /** Hosts that are hardened. */
    public HostSelection(List<SshHost> hosts, Optional<String> identityFile, int maxParallel) {
        this(hosts, identityFile, maxParallel, true);
    }

    /** No hosts: the selection of a target that runs on this machine. */
    public static HostSelection none() {
        return new HostSelection(List.of(), Optional.empty(), 1);
    }

    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    public HostSelection withIdentityFile(Optional<String> file) {
        return new HostSelection(hosts, Objects.requireNonNull(file), maxParallel, harden);
    }
}
