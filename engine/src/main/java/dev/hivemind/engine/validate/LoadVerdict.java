package dev.hivemind.engine.validate;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.ValidationPlan.LoadTargets;
import dev.hivemind.engine.report.Numbers;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A load sample's figures judged against the targets: an error rate over its target fails; a latency over a target
 * the configuration gives fails, over a default target it is only a warning.
 *
 * @param check   the figure, its target and whether it was met; a warning passes
 * @param warning whether a default target was missed
 */
public record LoadVerdict(ValidationCheck check, boolean warning) {
    /** The latency targets when the configuration gives none: missing them warns. */
    static final double DEFAULT_P50_MS = 500;
    static final double DEFAULT_P95_MS = 1000;
    static final double DEFAULT_P99_MS = 2000;
    /** The error rate allowed when the configuration gives none: exceeding it fails. */
    static final double DEFAULT_ERROR_RATE = 0.01;

    /** p50, p95, p99 and error rate, in that order. */
    public static List<LoadVerdict> of(LoadSample.Figures figures, LoadTargets targets, URI url) {
        return List.of(
                latency("p50", figures.p50Millis(), targets.p50Millis(), DEFAULT_P50_MS, figures, url),
                latency("p95", figures.p95Millis(), targets.p95Millis(), DEFAULT_P95_MS, figures, url),
                latency("p99", figures.p99Millis(), targets.p99Millis(), DEFAULT_P99_MS, figures, url),
                errorRate(figures, targets.errorRate(), url));
    }

    private static LoadVerdict latency(String name, long millis, Optional<Double> given, double fallback,
                                       LoadSample.Figures figures, URI url) {
        double target = given.orElse(fallback);
        boolean met = millis <= target;
        String measured = name + " " + millis + " ms over " + figures.sample() + "; ";
        String key = "load." + name + "_ms";
        String detail = met ? measured + "target " + Numbers.plain(target) + " ms" + source(given, key)
                : given.isPresent() ? measured + "over the target " + Numbers.plain(target) + " ms (" + key + ")"
                : measured + "over the default target " + Numbers.plain(target) + " ms: a warning (set " + key
                        + " to require a latency)";
        boolean warning = !met && given.isEmpty();
        return new LoadVerdict(new ValidationCheck("load " + name, url.toString(), met || warning, 0, millis,
                detail), warning);
    }

    private static LoadVerdict errorRate(LoadSample.Figures figures, Optional<Double> given, URI url) {
        double target = given.orElse(DEFAULT_ERROR_RATE);
        boolean met = figures.errorRate() <= target;
        String detail = "error rate " + Numbers.plain(Math.round(figures.errorRate() * 10_000) / 10_000d) + " (" + figures.errors() + " of "
                + figures.requests() + " failed) over " + figures.sample() + "; " + (met ? "" : "over the ")
                + "target " + Numbers.plain(target) + source(given, "load.error_rate");
        return new LoadVerdict(new ValidationCheck("load error rate", url.toString(), met, 0, figures.p50Millis(),
                detail), false);
    }

    private static String source(Optional<Double> given, String key) {
        return given.isPresent() ? " (" + key + ")" : " (default)";
    }
}
