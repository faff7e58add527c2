package dev.hivemind.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.rollout.CanaryAnalysis.Verdict;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private final CanaryAnalysis analysis = new CanaryAnalysis(CanaryThresholds.defaults());

    @Test
    void aCanaryAsGoodAsStablePasses() {
        Verdict verdict = analysis.judge(sample("stable", 1000, 5, 40), sample("canary", 100, 1, 45));

        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
        assertThat(verdict.summary()).isEqualTo("pass: canary 100 requests, 1 % errors, p95 45 ms; stable 1000 "
                + "requests, 0.50 % errors, p95 40 ms (over 30 s)");
    }

    @Test
    void anErrorRateMoreThanOnePointAboveStableFailsWithTheNumbers() {
        Verdict verdict = analysis.judge(sample("stable", 1000, 10, 40), sample("canary", 100, 3, 40));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Fail.class, fail -> assertThat(fail.reasons())
                .containsExactly("canary error rate 3 % (3 of 100) exceeds stable's 1 % + 1 pp = 2 %"));
    }

    @Test
    void exactlyAtTheAllowedErrorRatePasses() {
        Verdict verdict = analysis.judge(sample("stable", 1000, 10, 40), sample("canary", 100, 2, 40));

        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void aSlowCanaryFailsOnItsP95() {
        Verdict verdict = analysis.judge(sample("stable", 1000, 0, 100), sample("canary", 100, 0, 201));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Fail.class, fail -> assertThat(fail.reasons())
                .containsExactly("canary p95 201 ms exceeds 1.50 × stable's 100 ms + 50 ms = 200 ms"));
    }

    @Test
    void bothFailuresAreReportedTogether() {
        Verdict verdict = analysis.judge(sample("stable", 100, 0, 10), sample("canary", 50, 25, 500));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Fail.class, fail -> {
            assertThat(fail.reasons()).hasSize(2);
            assertThat(fail.summary()).startsWith("fail: canary error rate 50 % (25 of 50) exceeds stable's 0 %");
        });
    }

    @Test
    void tooFewCanaryRequestsAreInconclusiveEvenWhenTheyAllFailed() {
        Verdict verdict = analysis.judge(sample("stable", 1000, 0, 10), sample("canary", 19, 19, 10));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Inconclusive.class, inconclusive -> assertThat(
                inconclusive.reason()).isEqualTo("canary served 19 request(s) in 30 s, fewer than the 20 needed to "
                + "judge it"));
    }

    @Test
    void aStableWithoutTrafficStillLetsAHealthyCanaryPassOnTheSlack() {
        Verdict verdict = analysis.judge(TrafficSample.none("stable", WINDOW), sample("canary", 20, 0, 30));

        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void thresholdsComeFromThePolicy() {
        CanaryAnalysis strict = new CanaryAnalysis(new CanaryThresholds(0, 1.0, Duration.ZERO, 1, 0));

        assertThat(strict.judge(sample("stable", 10, 0, 10), sample("canary", 1, 0, 11)))
                .isInstanceOf(Verdict.Fail.class);
        assertThat(strict.judge(sample("stable", 10, 0, 10), sample("canary", 1, 0, 10)))
                .isInstanceOf(Verdict.Pass.class);
    }

    private static TrafficSample sample(String release, long requests, long errors, double p95) {
        return new TrafficSample(release, requests, errors, p95, WINDOW);
    }
}
