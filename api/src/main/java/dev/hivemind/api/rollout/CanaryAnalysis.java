package dev.hivemind.api.rollout;

import dev.hivemind.api.rollout.RolloutPolicy.CanaryThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Judges a canary against the stable release over the same window. Pure, so every target that runs canaries
 * applies the same rule:
 * <ul>
 *   <li>fewer canary requests than {@code min-requests}: inconclusive (hold the step again);</li>
 *   <li>canary error rate above stable's plus {@code max-error-rate-increase} percentage points: fail;</li>
 *   <li>canary p95 above {@code p95-factor} × stable's p95 + {@code p95-slack}: fail;</li>
 *   <li>otherwise: pass.</li>
 * </ul>
 */
public final class CanaryAnalysis {
    private final CanaryThresholds thresholds;

    public CanaryAnalysis(CanaryThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The verdict on {@code canary} compared with {@code stable} over the same window. */
    public Verdict judge(TrafficSample stable, TrafficSample canary) {
        String figures = figures(stable, canary);
        if (canary.requests() < thresholds.minRequests()) {
            return new Verdict.Inconclusive("canary served " + canary.requests() + " request(s) in "
                    + seconds(canary) + ", fewer than the " + thresholds.minRequests() + " needed to judge it", figures);
        }
        List<String> reasons = new ArrayList<>();
        double allowedRate = stable.errorRate() + thresholds.maxErrorRateIncrease() / 100.0;
        if (canary.errorRate() > allowedRate) {
            reasons.add(String.format(Locale.ROOT, "canary error rate %s (%d of %d) exceeds stable's %s + %s pp = %s",
                    percent(canary.errorRate()), canary.errors(), canary.requests(), percent(stable.errorRate()),
                    number(thresholds.maxErrorRateIncrease()), percent(allowedRate)));
        }
        double allowedP95 = thresholds.p95Factor() * stable.p95Millis() + thresholds.p95Slack().toMillis();
        if (canary.p95Millis() > allowedP95) {
            reasons.add(String.format(Locale.ROOT, "canary p95 %s ms exceeds %s × stable's %s ms + %d ms = %s ms",
                    number(canary.p95Millis()), number(thresholds.p95Factor()), number(stable.p95Millis()),
                    thresholds.p95Slack().toMillis(), number(allowedP95)));
        }
        return reasons.isEmpty() ? new Verdict.Pass(figures) : new Verdict.Fail(reasons, figures);
    }

    private static String figures(TrafficSample stable, TrafficSample canary) {
        return String.format(Locale.ROOT, "canary %d requests, %s errors, p95 %s ms; stable %d requests, %s errors, "
                        + "p95 %s ms (over %s)", canary.requests(), percent(canary.errorRate()),
                number(canary.p95Millis()), stable.requests(), percent(stable.errorRate()), number(stable.p95Millis()),
                seconds(canary));
    }

    private static String seconds(TrafficSample sample) {
        return sample.window().toMillis() % 1000 == 0 ? sample.window().toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", sample.window().toMillis() / 1000.0);
    }

    private static String percent(double fraction) {
        return number(fraction * 100) + " %";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** What an analysis found; {@code figures} are the numbers it compared, in words. */
    public sealed interface Verdict {
        String figures();

        /** A one-line summary for the state and {@code status}. */
        String summary();

        /** The canary is as good as stable. */
        record Pass(String figures) implements Verdict {
            @Override
            public String summary() {
                return "pass: " + figures;
            }
        }

        /** The canary is worse than stable; {@code reasons} quote the numbers. */
        record Fail(List<String> reasons, String figures) implements Verdict {
            public Fail {
                reasons = List.copyOf(reasons);
            }

            @Override
            public String summary() {
                return "fail: " + String.join("; ", reasons);
            }
        }

        /** Too little traffic to judge. */
        record Inconclusive(String reason, String figures) implements Verdict {
            @Override
            public String summary() {
                return "inconclusive: " + reason;
            }
        }
    }
}
