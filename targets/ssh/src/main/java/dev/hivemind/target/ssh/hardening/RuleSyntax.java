package dev.hivemind.target.ssh.hardening;

/** How one firewall writes a rule that lets TCP connections to a port in. */
interface RuleSyntax {

    /** The rule's {@link AllowRule#spec}, as the firewall will list it once added. */
    String tcpRule(int port, String source, String comment);

    default AllowRule allowTcp(int port, String source, String comment) {
        return new AllowRule(tcpRule(port, source, comment), java.util.List.of(PortRange.of(port)), "tcp", source,
                java.util.Optional.of(comment));
    }
}
