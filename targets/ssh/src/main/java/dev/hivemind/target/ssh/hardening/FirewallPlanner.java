package dev.hivemind.target.ssh.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Plans the firewall of a host that runs apps for HiveMind: it lets in only SSH, the app's public ports and the ports
 * HiveMind opened for its other apps on the host, drops everything else by default and is active. It never opens a
 * port that was closed, so the number of open ports never grows (docs/security.md).
 */
final class FirewallPlanner {
    private FirewallPlanner() {
    }

    /**
     * @param sshPorts the ports sshd listens on (never closed: HiveMind reaches the host through one)
     * @param appPorts the app's public ports
     */
    static FirewallPlan plan(FirewallState before, RuleSyntax syntax, Set<Integer> sshPorts, String app,
            Set<Integer> appPorts) {
        TreeMap<Integer, String> needed = new TreeMap<>();
        appPorts.forEach(port -> needed.put(port, AllowRule.appComment(app)));
        sshPorts.forEach(port -> needed.put(port, AllowRule.SSH_COMMENT));
        List<AllowRule> kept = new ArrayList<>();
        List<AllowRule> deletions = new ArrayList<>();
        for (AllowRule rule : before.rules()) {
            (keeps(rule, app, needed.keySet()) ? kept : deletions).add(rule);
        }
        List<AllowRule> additions = new ArrayList<>();
        List<Integer> closed = new ArrayList<>();
        needed.forEach((port, comment) -> {
            if (kept.stream().anyMatch(rule -> rule.allowsTcp(port))) {
                return;
            }
            Optional<String> source = sourceBefore(before, deletions, port);
            source.ifPresentOrElse(from -> additions.add(syntax.allowTcp(port, from, comment)), () -> closed.add(port));
        });
        List<AllowRule> rules = new ArrayList<>(kept);
        rules.addAll(additions);
        FirewallState after = new FirewallState(before.backend(), true, true, rules);
        return new FirewallPlan(before, after, deletions, additions, closed);
    }

    /**
     * A rule stays when HiveMind cannot tell what it opens, when HiveMind opened it for another app, or when all it
     * lets in is TCP to the ports needed (from whatever sources it names: a rule that lets SSH in from the office
     * only stays that way).
     */
    private static boolean keeps(AllowRule rule, String app, Set<Integer> needed) {
        if (!rule.known() || rule.app().filter(owner -> !owner.equals(app)).isPresent()) {
            return true;
        }
        return rule.protocol().equals("tcp") && rule.ports().stream()
                .allMatch(range -> IntStream.rangeClosed(range.first(), range.last()).allMatch(needed::contains));
    }

    /** Who could reach {@code port} before: anyone when the firewall let everything in, else a deleted rule's source. */
    private static Optional<String> sourceBefore(FirewallState before, List<AllowRule> deletions, int port) {
        if (before.wideOpen()) {
            return Optional.of(AllowRule.ANYWHERE);
        }
        return deletions.stream().filter(rule -> rule.allowsTcp(port)).map(AllowRule::source).findFirst();
    }
}
