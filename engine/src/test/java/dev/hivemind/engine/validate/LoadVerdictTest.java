package dev.hivemind.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.ValidationPlan.LoadTargets;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Percentiles by nearest rank, and the targets' verdicts: error rate fails, latency fails only when configured. */
class LoadVerdictTest {
    private static final URI URL = URI.create("http://127.0.0.1:8080/health");

    @Test
    void percentilesAreByNearestRankOverEveryRequest() {
        List<ValidationCheck> answers = IntStream.rangeClosed(1, 200)
                .mapToObj(ms -> answer(ms, ms % 50 != 0)).toList();

        LoadSample.Figures figures = LoadSample.Figures.of(answers, 50);

        assertThat(figures).isEqualTo(new LoadSample.Figures(200, 4, 50, 100, 190, 198));
        assertThat(figures.errorRate()).isEqualTo(0.02);
        assertThat(figures.sample()).isEqualTo("200 requests at 50/s");
    }

    @Test
    void aSingleRequestIsEveryPercentile() {
        assertThat(LoadSample.Figures.of(List.of(answer(7, true)), 2.5))
                .isEqualTo(new LoadSample.Figures(1, 0, 2.5, 7, 7, 7));
    }

    @Test
    void figuresWithinTheDefaultTargetsPassWithTheTargetsNamed() {
        List<LoadVerdict> verdicts = LoadVerdict.of(new LoadSample.Figures(200, 0, 50, 3, 9, 12), LoadTargets.NONE,
                URL);

        assertThat(verdicts).extracting(LoadVerdict::warning).containsOnly(false);
        assertThat(verdicts).extracting(verdict -> verdict.check().passed()).containsOnly(true);
        assertThat(verdicts).extracting(verdict -> verdict.check().detail()).containsExactly(
                "p50 3 ms over 200 requests at 50/s; target 500 ms (default)",
                "p95 9 ms over 200 requests at 50/s; target 1000 ms (default)",
                "p99 12 ms over 200 requests at 50/s; target 2000 ms (default)",
                "error rate 0 (0 of 200 failed) over 200 requests at 50/s; target 0.01 (default)");
        assertThat(verdicts).extracting(verdict -> verdict.check().durationMillis()).containsExactly(3L, 9L, 12L, 3L);
    }

    @Test
    void aLatencyOverADefaultTargetIsAWarningThatPasses() {
        LoadVerdict p99 = LoadVerdict.of(new LoadSample.Figures(10, 0, 50, 400, 1500, 2500), LoadTargets.NONE, URL)
                .get(2);

        assertThat(p99.warning()).isTrue();
        assertThat(p99.check().passed()).isTrue();
        assertThat(p99.check().detail()).isEqualTo("p99 2500 ms over 10 requests at 50/s; over the default target "
                + "2000 ms: a warning (set load.p99_ms to require a latency)");
    }

    @Test
    void aLatencyOverAConfiguredTargetFails() {
        LoadTargets targets = new LoadTargets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(5.0),
                Optional.empty(), Optional.empty());

        List<LoadVerdict> verdicts = LoadVerdict.of(new LoadSample.Figures(10, 0, 50, 4, 6, 6), targets, URL);

        assertThat(verdicts.get(1).warning()).isFalse();
        assertThat(verdicts.get(1).check().passed()).isFalse();
        assertThat(verdicts.get(1).check().detail())
                .isEqualTo("p95 6 ms over 10 requests at 50/s; over the target 5 ms (load.p95_ms)");
        assertThat(verdicts.get(0).check().detail()).isEqualTo("p50 4 ms over 10 requests at 50/s; target 500 ms "
                + "(default)");
    }

    @Test
    void anErrorRateOverItsTargetFailsEvenWhenTheTargetIsTheDefault() {
        LoadVerdict errors = LoadVerdict.of(new LoadSample.Figures(3, 1, 50, 1, 1, 1), LoadTargets.NONE, URL).get(3);

        assertThat(errors.warning()).isFalse();
        assertThat(errors.check().passed()).isFalse();
        assertThat(errors.check().detail()).isEqualTo("error rate 0.3333 (1 of 3 failed) over 3 requests at 50/s; "
                + "over the target 0.01 (default)");
    }

    @Test
    void anErrorRateAtAConfiguredTargetPasses() {
        LoadTargets targets = new LoadTargets(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(0.5));

        LoadVerdict errors = LoadVerdict.of(new LoadSample.Figures(4, 2, 50, 1, 1, 1), targets, URL).get(3);

        assertThat(errors.check().passed()).isTrue();
        assertThat(errors.check().detail()).isEqualTo("error rate 0.5 (2 of 4 failed) over 4 requests at 50/s; "
                + "target 0.5 (load.error_rate)");
    }

    private static ValidationCheck answer(long millis, boolean passed) {
        return new ValidationCheck("health", URL.toString(), passed, passed ? 200 : 503, millis, "got it");
    }
}
