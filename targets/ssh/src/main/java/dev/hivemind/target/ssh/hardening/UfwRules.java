package dev.hivemind.target.ssh.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ufw as HiveMind reads and writes it: the state from {@code ufw status verbose}, {@code ufw show added} (which lists
 * the rules whether or not ufw is active) and {@code DEFAULT_INPUT_POLICY} of {@code /etc/default/ufw}; rules added
 * as {@code allow proto tcp from SRC to any port N comment '...'}, which ufw lists as {@code allow N/tcp comment
 * '...'} when the source is anywhere.
 */
final class UfwRules implements RuleSyntax {
    static final String ADDED = "--- added";
    static final String DEFAULTS = "--- defaults";
    private static final Pattern COMMENT = Pattern.compile("\\s+comment\\s+'([^']*)'\\s*$");
    private static final Pattern PORTS = Pattern.compile("([0-9]+(?::[0-9]+)?(?:,[0-9]+(?::[0-9]+)?)*)(?:/(tcp|udp))?");

    /** The script that prints what {@link #read} reads. */
    static String inspectScript() {
        return "ufw status verbose; echo '" + ADDED + "'; ufw show added; echo '" + DEFAULTS + "'; "
                + "grep '^DEFAULT_INPUT_POLICY=' /etc/default/ufw";
    }

    /** The firewall as the output of {@link #inspectScript} shows it. */
    static FirewallState read(String output) {
        String status = section(output, null, ADDED);
        String added = section(output, ADDED, DEFAULTS);
        String defaults = section(output, DEFAULTS, null);
        boolean active = status.lines().anyMatch(line -> line.strip().equals("Status: active"));
        boolean deny = active
                ? status.lines().anyMatch(line -> line.matches("Default: (deny|reject) \\(incoming\\).*"))
                : defaults.matches("(?s)\\s*DEFAULT_INPUT_POLICY=\"?(DROP|REJECT)\"?\\s*");
        List<AllowRule> rules = added.lines().map(String::strip).filter(line -> line.startsWith("ufw "))
                .map(line -> parse(line.substring(4))).flatMap(Optional::stream).toList();
        return new FirewallState(FirewallState.Backend.UFW, active, deny, rules);
    }

    /** A rule as {@code ufw show added} lists it (without {@code ufw }); empty when it lets nothing in. */
    static Optional<AllowRule> parse(String spec) {
        Matcher comment = COMMENT.matcher(spec);
        Optional<String> note = comment.find() ? Optional.of(comment.group(1)) : Optional.empty();
        String body = note.isPresent() ? spec.substring(0, comment.start()) : spec;
        List<String> words = new ArrayList<>(List.of(body.strip().split("\\s+")));
        if (!(words.getFirst().equals("allow") || words.getFirst().equals("limit")) || words.contains("out")) {
            return Optional.empty();
        }
        words.remove("in");
        if (words.size() == 2) {
            Matcher ports = PORTS.matcher(words.get(1));
            return Optional.of(ports.matches()
                    ? new AllowRule(spec, ranges(ports.group(1)), protocol(ports.group(2)), AllowRule.ANYWHERE, note)
                    : new AllowRule(spec, List.of(), "any", AllowRule.ANYWHERE, note));
        }
        String source = after(words, "from").orElse(AllowRule.ANYWHERE);
        int to = words.indexOf("to");
        Optional<String> port = to < 0 ? Optional.empty() : after(words.subList(to, words.size()), "port");
        boolean portsKnown = port.filter(text -> PORTS.matcher(text).matches()).isPresent()
                && !words.contains("app");
        return Optional.of(new AllowRule(spec, portsKnown ? ranges(port.orElseThrow()) : List.of(),
                protocol(after(words, "proto").orElse(null)), source, note));
    }

    @Override
    public String tcpRule(int port, String source, String comment) {
        String from = source.equals(AllowRule.ANYWHERE) ? "" : "from " + source + " to any port ";
        String rule = from.isEmpty() ? "allow " + port + "/tcp" : "allow " + from + port + " proto tcp";
        return rule + " comment '" + comment + "'";
    }

    /** The command that adds {@code rule} (from its spec: ufw accepts what it lists). */
    static String addCommand(AllowRule rule) {
        return "ufw " + rule.spec();
    }

    static String deleteCommand(AllowRule rule) {
        return "ufw delete " + rule.spec();
    }

    private static List<PortRange> ranges(String text) {
        List<PortRange> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] ends = part.split(":");
            ranges.add(new PortRange(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1])));
        }
        return ranges;
    }

    private static String protocol(String text) {
        return text == null || text.isEmpty() ? "any" : text;
    }

    private static Optional<String> after(List<String> words, String word) {
        int at = words.indexOf(word);
        return at >= 0 && at + 1 < words.size() ? Optional.of(words.get(at + 1)) : Optional.empty();
    }

    static String section(String output, String from, String to) {
        int start = from == null ? 0 : output.indexOf(from);
        if (start < 0) {
            return "";
        }
        start = from == null ? 0 : start + from.length();
        int end = to == null ? -1 : output.indexOf(to, start);
        return output.substring(start, end < 0 ? output.length() : end);
    }
}
