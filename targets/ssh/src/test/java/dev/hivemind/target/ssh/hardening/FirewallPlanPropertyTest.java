package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The firewall plan over any firewall a host may have: ufw's and nftables', active or not, with any rules. */
class FirewallPlanPropertyTest {

    // Feature: autodeploy-agent, Property 27: hardening never opens more ports
    @Property(tries = 300)
    void hardeningNeverOpensMorePortsThanWereOpen(@ForAll("firewalls") FirewallState before,
            @ForAll @Size(min = 1, max = 2) Set<@IntRange(min = 1, max = 65_535) Integer> sshPorts,
            @ForAll("apps") String app, @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 65_535) Integer> appPorts) {
        FirewallPlan plan = FirewallPlanner.plan(before, syntax(before), sshPorts, app, appPorts);

        assertThat(plan.after().openPortCount()).isLessThanOrEqualTo(before.openPortCount());
        for (int port : List.of(1, 22, 80, 443, 3000, 8080, 65_535)) {
            assertThat(!plan.after().allowsTcp(port) || before.allowsTcp(port))
                    .as("port %d open after but not before", port).isTrue();
        }
        plan.additions().forEach(rule -> assertThat(before.allowsTcp(rule.ports().getFirst().first())).isTrue());
    }

    // Feature: autodeploy-agent, Property 30: firewall enabled (issue 12 calls it property 28: a firewall is active)
    @Property(tries = 300)
    void theFirewallIsActiveAndDeniesByDefaultAfterHardening(@ForAll("firewalls") FirewallState before,
            @ForAll @Size(min = 1, max = 2) Set<@IntRange(min = 1, max = 65_535) Integer> sshPorts,
            @ForAll("apps") String app, @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 65_535) Integer> appPorts) {
        FirewallPlan plan = FirewallPlanner.plan(before, syntax(before), sshPorts, app, appPorts);

        assertThat(plan.after().active()).isTrue();
        assertThat(plan.after().defaultDeny()).isTrue();
        assertThat(plan.after().wideOpen()).isFalse();
        assertThat(FirewallPlanner.plan(plan.after(), syntax(before), sshPorts, app, appPorts).changes())
                .as("planning again from the plan's result changes nothing").isFalse();
    }

    @Property(tries = 300)
    void sshAndTheAppsPortsThatWereOpenStayOpen(@ForAll("firewalls") FirewallState before,
            @ForAll @Size(min = 1, max = 2) Set<@IntRange(min = 1, max = 65_535) Integer> sshPorts,
            @ForAll("apps") String app, @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 65_535) Integer> appPorts) {
        FirewallPlan plan = FirewallPlanner.plan(before, syntax(before), sshPorts, app, appPorts);

        for (int port : sshPorts) {
            assertThat(plan.after().allowsTcp(port)).isEqualTo(before.allowsTcp(port));
        }
        for (int port : appPorts) {
            assertThat(plan.after().allowsTcp(port) || plan.closedPorts().contains(port)).isTrue();
        }
    }

    @Provide
    Arbitrary<String> apps() {
        return Arbitraries.of("shop", "blog", "api");
    }

    @Provide
    Arbitrary<FirewallState> firewalls() {
        return Combinators.combine(Arbitraries.of(FirewallState.Backend.UFW, FirewallState.Backend.NFTABLES),
                Arbitraries.of(true, false), Arbitraries.of(true, false), rules().list().ofMaxSize(6))
                .as(FirewallState::new);
    }

    private Arbitrary<AllowRule> rules() {
        Arbitrary<Integer> ports = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(22, 80, 443, 3000, 8080)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 65_535)));
        Arbitrary<List<PortRange>> ranges = Arbitraries.oneOf(
                ports.map(port -> List.of(PortRange.of(port))),
                ports.flatMap(first -> Arbitraries.integers().between(first, Math.min(65_535, first + 50))
                        .map(last -> List.of(new PortRange(first, last)))),
                Arbitraries.just(List.of()));
        Arbitrary<Optional<String>> comments = Arbitraries.of(Optional.empty(), Optional.of(AllowRule.SSH_COMMENT),
                Optional.of(AllowRule.appComment("shop")), Optional.of(AllowRule.appComment("blog")));
        return Combinators.combine(ranges, Arbitraries.of("tcp", "udp", "any"),
                Arbitraries.of(AllowRule.ANYWHERE, "10.0.0.0/8"), comments)
                .as((portRanges, protocol, source, comment) -> new AllowRule("rule " + portRanges + " " + protocol
                        + " " + source + comment.orElse(""), portRanges, protocol, source, comment));
    }

    private static RuleSyntax syntax(FirewallState state) {
        return state.backend() == FirewallState.Backend.NFTABLES ? new NftRules() : new UfwRules();
    }
}
