package dev.hivemind.target.hardening;

import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hardening score of a target's checks: the sum of the weights of the checks that pass, and a recommendation
 * for each one that fails, in the order the target ran them (docs/security.md).
 *
 * @param checks the checks the target ran, all of one rubric ({@link Rubric} or {@link HostRubric}), each at most
 *               once
 */
public record HardeningScore(List<ScoredCheck> checks) {
    public HardeningScore {
        checks = List.copyOf(checks);
        Set<RubricItem> seen = new HashSet<>();
        for (ScoredCheck check : checks) {
            if (check.item().getClass() != checks.getFirst().item().getClass()) {
                throw new IllegalArgumentException("the checks mix two rubrics, whose weights each add up to 100: "
                        + checks);
            }
            if (!seen.add(check.item())) {
                throw new IllegalArgumentException("the check " + check.item().checkName()
                        + " is scored more than once: " + checks);
            }
        }
    }

    /** 0 to 100: the sum of the weights of the checks that passed. */
    public int score() {
        return checks.stream().mapToInt(ScoredCheck::points).sum();
    }

    /** What the user could do to score higher: the recommendation of each failed check. */
    public List<String> recommendations() {
        return checks.stream().filter(check -> !check.passed()).map(ScoredCheck::recommendation).toList();
    }

    /** Every check and what it found, passed or not. */
    public List<SecurityCheck> results() {
        return checks.stream().map(ScoredCheck::result).toList();
    }

    /** What the harden stage records: the checks, the score and the recommendations, with the endpoint's facts. */
    public SecurityConfig securityConfig(boolean sslEnabled, Optional<String> certificate,
            List<FirewallRule> firewallRules, List<Integer> openPorts) {
        return new SecurityConfig(sslEnabled, certificate, firewallRules, openPorts, results(), score(),
                recommendations());
    }
}
