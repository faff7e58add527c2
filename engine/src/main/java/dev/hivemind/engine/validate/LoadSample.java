package dev.hivemind.engine.validate;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.engine.report.Numbers;
import dev.hivemind.engine.retry.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A short load sample: sequential GETs of one URL, started at a steady rate (request {@code i} at {@code i / rate}
 * seconds after the first, or as soon as the one before it answered), each measured.
 */
public final class LoadSample {
    private final HealthProbe probe;
    private final Clock clock;
    private final Sleeper sleeper;

    public LoadSample(HealthProbe probe, Clock clock, Sleeper sleeper) {
        this.probe = probe;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The figures of {@code requests} GETs of {@code target} at {@code rate} per second. */
    public Figures run(URI target, int requests, double rate) {
        Duration interval = Duration.ofNanos(Math.round(1_000_000_000d / rate));
        Instant start = clock.instant();
        List<ValidationCheck> answers = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            waitUntil(start.plus(interval.multipliedBy(i)), target);
            answers.add(probe.request(target));
        }
        return Figures.of(answers, rate);
    }

    private void waitUntil(Instant slot, URI target) {
        Duration wait = Duration.between(clock.instant(), slot);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.VALIDATOR, "interrupted during the load sample of " + target,
                    "Measuring latency through the public URL", "Continue with `hivemind resume`", interrupted);
        }
    }

    /**
     * What a load sample measured.
     *
     * @param requests  the requests made
     * @param errors    those that got no answer or an answer other than 2xx
     * @param rate      the requests per second asked for
     * @param p50Millis the median latency, by nearest rank over every request
     * @param p95Millis the 95th percentile
     * @param p99Millis the 99th percentile
     */
    record Figures(int requests, int errors, double rate, long p50Millis, long p95Millis, long p99Millis) {

        static Figures of(List<ValidationCheck> answers, double rate) {
            if (answers.isEmpty()) {
                throw new IllegalArgumentException("a load sample needs at least one answer");
            }
            long[] sorted = answers.stream().mapToLong(ValidationCheck::durationMillis).sorted().toArray();
            int errors = (int) answers.stream().filter(answer -> !answer.passed()).count();
            return new Figures(sorted.length, errors, rate, percentile(sorted, 50), percentile(sorted, 95),
                    percentile(sorted, 99));
        }

        /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
        static long percentile(long[] sorted, int p) {
            int rank = (int) Math.ceil(p / 100d * sorted.length);
            return sorted[Math.max(rank, 1) - 1];
        }

        double errorRate() {
            return (double) errors / requests;
        }

        /** {@code 200 requests at 50/s}. */
        String sample() {
            return requests + " requests at " + Numbers.plain(rate) + "/s";
        }
    }
}
