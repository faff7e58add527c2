package dev.hivemind.target.ssh.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HiveMind's own nftables table, used where ufw is not installed: {@code table inet hivemind} with one input chain
 * whose policy is drop, letting in established connections, loopback, ICMP and the rules' ports. It is written to
 * {@link #FILE}, loaded with {@code nft -f} (one transaction), and included from {@code /etc/nftables.conf} so it is
 * loaded at boot. Since every base chain on the input hook must accept a packet, the table can only narrow what
 * other tables let in.
 */
final class NftRules implements RuleSyntax {
    static final String FILE = "/etc/nftables.d/hivemind.nft";
    static final String INCLUDE = "include \"" + FILE + "\"";
    private static final List<String> BASE_RULES = List.of("ct state established,related accept",
            "ct state invalid drop", "iif \"lo\" accept", "meta l4proto { icmp, ipv6-icmp } accept");
    private static final Pattern ALLOW = Pattern.compile(
            "(?:(ip6?) saddr (\\S+) )?(tcp|udp) dport (\\{ [0-9, -]+ }|[0-9-]+) accept(?: comment \"([^\"]*)\")?");

    /** The script that prints the live table, or nothing when it is not loaded. */
    static String inspectScript() {
        return "nft list table inet hivemind 2>/dev/null || true";
    }

    /** The firewall as {@code nft list table inet hivemind} shows it; inactive when the table is not loaded. */
    static FirewallState read(String listing) {
        boolean loaded = listing.contains("table inet hivemind");
        boolean drop = listing.lines().anyMatch(line -> line.contains("hook input") && line.contains("policy drop;"));
        List<AllowRule> rules = new ArrayList<>();
        for (String line : listing.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("table ") || line.startsWith("chain ") || line.equals("}")
                    || line.startsWith("type filter") || BASE_RULES.contains(line)) {
                continue;
            }
            rules.add(parse(line));
        }
        return new FirewallState(FirewallState.Backend.NFTABLES, loaded && drop, loaded && drop, rules);
    }

    /** A rule line of the chain; one HiveMind did not write is kept as it is, its ports unknown. */
    static AllowRule parse(String line) {
        Matcher allow = ALLOW.matcher(line);
        if (!allow.matches()) {
            return new AllowRule(line, List.of(), "any", AllowRule.ANYWHERE, Optional.empty());
        }
        List<PortRange> ranges = new ArrayList<>();
        for (String part : allow.group(4).replaceAll("[{} ]", "").split(",")) {
            String[] ends = part.split("-");
            ranges.add(new PortRange(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1])));
        }
        String source = allow.group(2) == null ? AllowRule.ANYWHERE : allow.group(2);
        return new AllowRule(line, ranges, allow.group(3), source, Optional.ofNullable(allow.group(5)));
    }

    @Override
    public String tcpRule(int port, String source, String comment) {
        String from = source.equals(AllowRule.ANYWHERE) ? "" : (source.contains(":") ? "ip6" : "ip") + " saddr "
                + source + " ";
        return from + "tcp dport " + port + " accept comment \"" + comment + "\"";
    }

    /** The file that defines the table with {@code rules}; loading it replaces the table in one transaction. */
    static String file(List<AllowRule> rules) {
        StringBuilder text = new StringBuilder("""
                # HiveMind's host firewall (docs/security.md). Undo: nft delete table inet hivemind, then remove this
                # file and its include line from /etc/nftables.conf.
                table inet hivemind
                delete table inet hivemind
                table inet hivemind {
                \tchain input {
                \t\ttype filter hook input priority filter; policy drop;
                """);
        BASE_RULES.forEach(rule -> text.append("\t\t").append(rule).append('\n'));
        rules.forEach(rule -> text.append("\t\t").append(rule.spec()).append('\n'));
        return text.append("\t}\n}\n").toString();
    }
}
