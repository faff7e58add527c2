package dev.hivemind.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the harden stage found and set.
 *
 * @param sslEnabled               whether the public endpoint serves TLS
 * @param certificateArn           the certificate's identifier, for targets that have one
 * @param firewallRules            the ports open on purpose
 * @param openPorts                every listening port seen that belongs to the app
 * @param vulnerabilityScanResults the checks run and what each found
 * @param securityScore            0 to 100, from the checks that passed
 * @param recommendations          what the user could do to score higher
 */
public record SecurityConfig(
        boolean sslEnabled,
        Optional<String> certificateArn,
        List<FirewallRule> firewallRules,
        List<Integer> openPorts,
        List<SecurityCheck> vulnerabilityScanResults,
        int securityScore,
        List<String> recommendations) {

    public SecurityConfig {
        Objects.requireNonNull(certificateArn, "certificateArn");
        firewallRules = List.copyOf(firewallRules);
        openPorts = List.copyOf(openPorts);
        vulnerabilityScanResults = List.copyOf(vulnerabilityScanResults);
        recommendations = List.copyOf(recommendations);
        if (securityScore < 0 || securityScore > 100) {
            throw new IllegalArgumentException("securityScore must be within 0..100: " + securityScore);
        }
    }
}
