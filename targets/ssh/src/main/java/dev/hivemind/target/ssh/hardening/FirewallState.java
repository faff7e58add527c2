package dev.hivemind.target.ssh.hardening;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What a host's firewall lets in, as HiveMind reads it.
 *
 * @param backend     which firewall HiveMind manages there
 * @param active      whether it filters now
 * @param defaultDeny whether traffic no rule allows is dropped (ufw's default incoming policy; HiveMind's nft
 *                    chain's policy)
 * @param rules       the rules that let traffic in
 */
record FirewallState(Backend backend, boolean active, boolean defaultDeny, List<AllowRule> rules) {
    /** What {@link #openPortCount} says of a firewall that lets everything in: every TCP and UDP port. */
    static final long EVERY_PORT = 2L * 65_535;

    FirewallState {
        Objects.requireNonNull(backend, "backend");
        rules = List.copyOf(rules);
    }

    /** The firewalls HiveMind knows: ufw where it is installed, else a table of its own in nftables. */
    enum Backend {
        UFW, NFTABLES, NONE
    }

    /** Lets everything in: inactive, or without a deny policy. */
    boolean wideOpen() {
        return !active || !defaultDeny;
    }

    boolean allowsTcp(int port) {
        return wideOpen() || rules.stream().anyMatch(rule -> rule.allowsTcp(port));
    }

    /**
     * How many ports are open: every TCP and UDP port when {@link #wideOpen}, else each TCP and UDP port a rule
     * allows once, and one for each rule whose ports HiveMind cannot tell.
     */
    long openPortCount() {
        if (wideOpen()) {
            return EVERY_PORT;
        }
        BitSet tcp = new BitSet();
        BitSet udp = new BitSet();
        long unknown = 0;
        for (AllowRule rule : rules) {
            if (!rule.known()) {
                unknown++;
                continue;
            }
            for (PortRange range : rule.ports()) {
                if (!rule.protocol().equals("udp")) {
                    tcp.set(range.first(), range.last() + 1);
                }
                if (!rule.protocol().equals("tcp")) {
                    udp.set(range.first(), range.last() + 1);
                }
            }
        }
        return tcp.cardinality() + udp.cardinality() + unknown;
    }
}
