package dev.hivemind.target.ssh.hardening;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule of a host's firewall that lets traffic in.
 *
 * @param spec     the rule as the firewall lists it, which also deletes it ({@code allow 22/tcp} for ufw, the rule's
 *                 line for nft)
 * @param ports    the ports it opens; empty when HiveMind cannot tell (a ufw application profile such as
 *                 {@code OpenSSH}), and such a rule is left alone
 * @param protocol {@code tcp}, {@code udp} or {@code any}
 * @param source   who may connect: {@link #ANYWHERE} or an address or network
 * @param comment  the rule's comment; HiveMind's rules say {@code hivemind ssh} or {@code hivemind app NAME}
 */
record AllowRule(String spec, List<PortRange> ports, String protocol, String source, Optional<String> comment) {
    static final String ANYWHERE = "any";
    static final String SSH_COMMENT = "hivemind ssh";
    private static final String APP_COMMENT = "hivemind app ";

    AllowRule {
        Objects.requireNonNull(spec, "spec");
        ports = List.copyOf(ports);
        if (!List.of("tcp", "udp", "any").contains(protocol)) {
            throw new IllegalArgumentException("a rule's protocol is tcp, udp or any: " + protocol);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(comment, "comment");
    }

    static String appComment(String app) {
        return APP_COMMENT + app;
    }

    boolean known() {
        return !ports.isEmpty();
    }

    /** Whether it lets TCP connections to {@code port} in. */
    boolean allowsTcp(int port) {
        return !protocol.equals("udp") && ports.stream().anyMatch(range -> range.contains(port));
    }

    /** The app HiveMind opened this rule for, if it did. */
    Optional<String> app() {
        return comment.filter(text -> text.startsWith(APP_COMMENT)).map(text -> text.substring(APP_COMMENT.length()));
    }

    /** What the report shows: {@code 22/tcp from any (hivemind ssh)}. */
    String describe() {
        String what = known() ? String.join(",", ports.stream().map(PortRange::toString).toList()) + "/" + protocol
                : spec;
        return what + " from " + source + comment.map(text -> " (" + text + ")").orElse("");
    }
}
