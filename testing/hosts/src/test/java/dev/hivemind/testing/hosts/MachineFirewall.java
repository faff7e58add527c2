package dev.hivemind.testing.hosts;

import java.util.List;

/**
 * This machine's own nftables ruleset (where iptables-nft, and so ufw, put their rules on Debian 12), read with the
 * {@code nft} of a host's image: chrooted into the host's root from this machine, {@code nft} still works in this
 * machine's network namespace, and this machine need not have nftables installed.
 */
final class MachineFirewall {
    private MachineFirewall() {
    }

    static String rules(TestHost anyHost) {
        return Commands.run(List.of("chroot", anyHost.root().toString(), "nft", "list", "ruleset"), Commands.SHORT)
                .orThrow();
    }
}
