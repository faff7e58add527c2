package dev.hivemind.target.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HardeningScoreTest {

    @Test
    void theRubricIsTheTableOfDocsSecurityAndItsWeightsAddUpTo100() {
        assertThat(Arrays.stream(Rubric.values()).map(item -> item.checkName() + " " + item.weight())).containsExactly(
                "instance-loopback-only 35", "environment-files-0600 25", "home-directories-0700 15",
                "public-endpoint 15", "tls 10");
        assertThat(Arrays.stream(Rubric.values()).mapToInt(Rubric::weight).sum()).isEqualTo(100);
    }

    @Test
    void theHostRubricIsTheHostTableOfDocsSecurityAndItsWeightsAddUpTo100() {
        assertThat(Arrays.stream(HostRubric.values()).map(item -> item.checkName() + " " + item.weight()))
                .containsExactly("firewall 25", "ssh-keys-only 25", "fail2ban-sshd 15", "security-updates-applied 15",
                        "unattended-upgrades 10", "no-legacy-services 10");
        assertThat(Arrays.stream(HostRubric.values()).mapToInt(HostRubric::weight).sum()).isEqualTo(100);
    }

    @Test
    void aHostScoredOnEveryCheckButTheFirewallScores75() {
        HardeningScore score = new HardeningScore(Arrays.stream(HostRubric.values())
                .map(item -> item.check(item != HostRubric.FIREWALL, "found", "fix " + item.checkName())).toList());

        assertThat(score.score()).isEqualTo(75);
        assertThat(score.recommendations()).containsExactly("fix firewall");
    }

    @Test
    void checksOfTwoRubricsAreRefusedSinceTheirWeightsWouldAddUpPast100() {
        List<ScoredCheck> mixed = List.of(Rubric.TLS.check(true, "HTTPS", "redeploy with --tls"),
                HostRubric.FIREWALL.check(true, "ufw active", "enable ufw"));

        assertThatThrownBy(() -> new HardeningScore(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the checks mix two rubrics, whose weights each add up to 100: ");
    }

    @Test
    void everyCheckPassingScores100WithNothingToRecommend() {
        // given
        HardeningScore score = new HardeningScore(Arrays.stream(Rubric.values())
                .map(item -> item.check(true, "fine", "fix " + item.checkName())).toList());

        // when / then
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.recommendations()).isEmpty();
    }

    @Test
    void aFailedCheckCostsItsWeightAndGivesItsRecommendationInTheOrderRun() {
        // given
        HardeningScore score = new HardeningScore(List.of(
                Rubric.TLS.check(false, "plain HTTP", "deploy with --tls"),
                Rubric.INSTANCE_LOOPBACK_ONLY.check(true, "loopback only", "listen on HOST"),
                Rubric.ENVIRONMENT_FILES_0600.check(false, "env is rw-r--r--", "chmod 600 env"),
                Rubric.PUBLIC_ENDPOINT.check(true, "loopback proxy", "allow trusted sources")));

        // when / then
        assertThat(score.score()).isEqualTo(35 + 15);
        assertThat(score.recommendations()).containsExactly("deploy with --tls", "chmod 600 env");
        assertThat(score.results()).containsExactly(
                new SecurityCheck("tls", false, "plain HTTP"),
                new SecurityCheck("instance-loopback-only", true, "loopback only"),
                new SecurityCheck("environment-files-0600", false, "env is rw-r--r--"),
                new SecurityCheck("public-endpoint", true, "loopback proxy"));
    }

    @Test
    void noCheckPassingScoresZero() {
        HardeningScore score = new HardeningScore(List.of(Rubric.HOME_DIRECTORIES_0700.check(false, "home is 0755",
                "chmod 700 home")));

        assertThat(score.score()).isZero();
        assertThat(score.recommendations()).containsExactly("chmod 700 home");
    }

    @Test
    void theSecurityConfigCarriesTheChecksTheScoreAndTheEndpointFacts() {
        // given
        HardeningScore score = new HardeningScore(List.of(
                Rubric.PUBLIC_ENDPOINT.check(false, "every interface", "allow trusted sources"),
                Rubric.TLS.check(true, "HTTPS", "redeploy with --tls")));
        FirewallRule rule = new FirewallRule(8080, "tcp", "0.0.0.0/0", "edge proxy of shop");

        // when
        SecurityConfig security = score.securityConfig(true, Optional.of("/home/tls/host.crt"), List.of(rule),
                List.of(3000, 8080));

        // then
        assertThat(security).isEqualTo(new SecurityConfig(true, Optional.of("/home/tls/host.crt"), List.of(rule),
                List.of(3000, 8080), List.of(new SecurityCheck("public-endpoint", false, "every interface"),
                        new SecurityCheck("tls", true, "HTTPS")), 10, List.of("allow trusted sources")));
    }

    @Test
    void aCheckScoredTwiceIsRefusedRatherThanCountedTwice() {
        List<ScoredCheck> twice = List.of(Rubric.TLS.check(true, "HTTPS", "redeploy with --tls"),
                Rubric.TLS.check(true, "HTTPS again", "redeploy with --tls"));

        assertThatThrownBy(() -> new HardeningScore(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the check tls is scored more than once: ");
    }
}
