package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirewallPlannerTest {
    private final UfwRules ufw = new UfwRules();

    @Test
    void aFreshUfwGetsSshAndTheAppsPortsThenDeniesTheRestAndIsTurnedOn() {
        // given
        FirewallState fresh = UfwRules.read(Recorded.output("ufw-fresh.txt"));

        // when
        FirewallPlan plan = FirewallPlanner.plan(fresh, ufw, Set.of(22), "shop", Set.of(8080));

        // then
        assertThat(plan.additions()).extracting(AllowRule::spec).containsExactly(
                "allow 22/tcp comment 'hivemind ssh'", "allow 8080/tcp comment 'hivemind app shop'");
        assertThat(plan.deletions()).isEmpty();
        assertThat(plan.enables()).isTrue();
        assertThat(plan.deniesByDefault()).isFalse();
        assertThat(HostFirewall.ufwScript(plan)).isEqualTo("""
                ufw allow 22/tcp comment 'hivemind ssh' >/dev/null
                ufw allow 8080/tcp comment 'hivemind app shop' >/dev/null
                ufw --force enable >/dev/null
                """);
    }

    @Test
    void rulesForOtherPortsGoWhileTheNeededOnesAndThoseHiveMindCannotReadStay() {
        // given
        FirewallState state = UfwRules.read(Recorded.output("ufw-active-rules.txt"));

        // when
        FirewallPlan plan = FirewallPlanner.plan(state, ufw, Set.of(22), "shop", Set.of(8080));

        // then
        assertThat(plan.deletions()).extracting(AllowRule::spec).containsExactly(
                "allow from 10.0.0.0/8 to any port 9100 proto tcp", "allow 6000:6007/tcp", "limit 2222/tcp",
                "allow 53");
        assertThat(plan.after().rules()).extracting(AllowRule::spec).containsExactly(
                "allow 22/tcp comment 'hivemind ssh'", "allow OpenSSH", "allow 8080/tcp comment 'hivemind app shop'");
        assertThat(plan.additions()).isEmpty();
        assertThat(plan.after().openPortCount()).isLessThan(state.openPortCount());
        assertThat(HostFirewall.ufwScript(plan)).isEqualTo("""
                ufw delete allow from 10.0.0.0/8 to any port 9100 proto tcp >/dev/null
                ufw delete allow 6000:6007/tcp >/dev/null
                ufw delete limit 2222/tcp >/dev/null
                ufw delete allow 53 >/dev/null
                """);
    }

    @Test
    void anotherAppsRulesStayAndAnAppsRuleForAPortItNoLongerUsesGoes() {
        FirewallState state = new FirewallState(FirewallState.Backend.UFW, true, true, List.of(
                ufw.allowTcp(22, AllowRule.ANYWHERE, AllowRule.SSH_COMMENT),
                ufw.allowTcp(3000, AllowRule.ANYWHERE, AllowRule.appComment("blog")),
                ufw.allowTcp(8080, AllowRule.ANYWHERE, AllowRule.appComment("shop"))));

        FirewallPlan plan = FirewallPlanner.plan(state, ufw, Set.of(22), "shop", Set.of(8080));
        FirewallPlan moved = FirewallPlanner.plan(state, ufw, Set.of(22), "blog", Set.of(3001));

        assertThat(plan.changes()).isFalse();
        assertThat(moved.deletions()).extracting(AllowRule::app).containsExactly(java.util.Optional.of("blog"));
        assertThat(moved.additions()).isEmpty();
        assertThat(moved.closedPorts()).containsExactly(3001);
    }

    @Test
    void aPortTheFirewallKeptClosedStaysClosedAndIsReported() {
        FirewallState sshOnly = new FirewallState(FirewallState.Backend.UFW, true, true,
                List.of(ufw.allowTcp(22, AllowRule.ANYWHERE, AllowRule.SSH_COMMENT)));

        FirewallPlan plan = FirewallPlanner.plan(sshOnly, ufw, Set.of(22), "shop", Set.of(8080));

        assertThat(plan.additions()).isEmpty();
        assertThat(plan.closedPorts()).containsExactly(8080);
        assertThat(plan.changes()).isFalse();
    }

    @Test
    void aRestrictedSshRuleStaysRestrictedAndARangeCoveringTheAppsPortIsNarrowedFromTheSameSource() {
        FirewallState state = new FirewallState(FirewallState.Backend.UFW, true, true, List.of(
                UfwRules.parse("allow from 192.0.2.0/24 to any port 22 proto tcp").orElseThrow(),
                UfwRules.parse("allow from 10.0.0.0/8 to any port 8000:8100 proto tcp").orElseThrow()));

        FirewallPlan plan = FirewallPlanner.plan(state, ufw, Set.of(22), "shop", Set.of(8080));

        assertThat(plan.deletions()).extracting(AllowRule::spec)
                .containsExactly("allow from 10.0.0.0/8 to any port 8000:8100 proto tcp");
        assertThat(plan.additions()).extracting(AllowRule::spec)
                .containsExactly("allow from 10.0.0.0/8 to any port 8080 proto tcp comment 'hivemind app shop'");
        assertThat(plan.after().rules()).extracting(AllowRule::source).containsExactly("192.0.2.0/24", "10.0.0.0/8");
    }

    @Test
    void aFirewallThatAllowsByDefaultIsSetToDenyAfterTheNeededRulesAreIn() {
        FirewallState allowing = UfwRules.read(Recorded.output("ufw-active-allowing.txt"));

        FirewallPlan plan = FirewallPlanner.plan(allowing, ufw, Set.of(22), "shop", Set.of(8080));

        assertThat(plan.deniesByDefault()).isTrue();
        assertThat(plan.enables()).isFalse();
        String script = HostFirewall.ufwScript(plan);
        assertThat(script.indexOf("ufw default deny incoming")).isGreaterThan(script.indexOf("ufw allow"))
                .isLessThan(script.indexOf("ufw delete"));
    }
}
