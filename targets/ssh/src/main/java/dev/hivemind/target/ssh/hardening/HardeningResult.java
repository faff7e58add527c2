package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.hardening.HardeningScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How hardening one host went.
 *
 * @param host          the host
 * @param steps         each step with what it found and left, in the order run
 * @param score         the host rubric's checks (docs/security.md), whose details are the steps' before and after
 * @param firewallRules the ports the firewall lets in afterwards, and from where
 * @param openPorts     the TCP ports something listens on, off loopback, that the firewall lets in
 */
public record HardeningResult(SshHost host, List<HardeningStep> steps, HardeningScore score,
        List<FirewallRule> firewallRules, List<Integer> openPorts) {

    public HardeningResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(score, "score");
        steps = List.copyOf(steps);
        firewallRules = List.copyOf(firewallRules);
        openPorts = List.copyOf(openPorts);
    }

    /** Whether any step changed the host; hardening a host a second time changes nothing. */
    public boolean changed() {
        return steps.stream().anyMatch(HardeningStep::changed);
    }

    /** What the state's {@code security_config} holds for this host alone. */
    public SecurityConfig securityConfig(boolean sslEnabled, Optional<String> certificate) {
        return score.securityConfig(sslEnabled, certificate, firewallRules, openPorts);
    }

    /**
     * One {@code security_config} for a deployment's hosts: the lowest score, every host's firewall rules and open
     * ports, and each check and recommendation prefixed by its host.
     */
    public static SecurityConfig combine(List<HardeningResult> hosts, boolean sslEnabled,
            Optional<String> certificate) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no host was hardened");
        }
        LinkedHashSet<FirewallRule> rules = new LinkedHashSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        List<SecurityCheck> checks = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        for (HardeningResult result : hosts) {
            String host = result.host().display();
            rules.addAll(result.firewallRules());
            ports.addAll(result.openPorts());
            result.score().results().forEach(check -> checks.add(new SecurityCheck(host + " " + check.name(),
                    check.passed(), check.detail())));
            result.score().recommendations().forEach(text -> recommendations.add(host + ": " + text));
        }
        int lowest = hosts.stream().map(HardeningResult::score).min(Comparator.comparingInt(HardeningScore::score))
                .orElseThrow().score();
        return new SecurityConfig(sslEnabled, certificate, List.copyOf(rules), List.copyOf(ports), checks, lowest,
                recommendations);
    }
}
