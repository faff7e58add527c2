package dev.hivemind.target.ssh.hardening;

import java.util.List;
import java.util.Objects;

/**
 * What hardening does to a host's firewall: the rules it deletes and adds, and whether it sets the default policy
 * to deny and turns the firewall on.
 *
 * @param before      the firewall as found
 * @param after       the firewall as the plan leaves it: active and denying by default
 * @param deletions   rules that let in more than SSH, the app and HiveMind's other apps need
 * @param additions   rules for SSH and the app's ports, each for a port that was open before
 * @param closedPorts ports SSH or the app needs that the firewall keeps closed; hardening never opens a port, so
 *                    these are reported (HiveMind opens the app's ports when it provisions the app)
 */
record FirewallPlan(FirewallState before, FirewallState after, List<AllowRule> deletions, List<AllowRule> additions,
        List<Integer> closedPorts) {

    FirewallPlan {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        deletions = List.copyOf(deletions);
        additions = List.copyOf(additions);
        closedPorts = List.copyOf(closedPorts);
    }

    boolean enables() {
        return after.active() && !before.active();
    }

    boolean deniesByDefault() {
        return after.defaultDeny() && !before.defaultDeny();
    }

    /** Whether applying it changes anything on the host. */
    boolean changes() {
        return enables() || deniesByDefault() || !deletions.isEmpty() || !additions.isEmpty();
    }
}
