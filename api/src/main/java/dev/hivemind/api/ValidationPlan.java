package dev.hivemind.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the validate stage requests beyond the health path, from the app's configuration ({@code smoke:} and
 * {@code load:} in {@code hivemind.yaml}).
 *
 * @param smoke the smoke tests, in the order given
 * @param load  the load sample's size, rate and targets, each only when the configuration gives it
 */
public record ValidationPlan(List<SmokeTest> smoke, LoadTargets load) {
    /** No smoke tests; the load sample with its defaults. */
    public static final ValidationPlan NONE = new ValidationPlan(List.of(), LoadTargets.NONE);

    public ValidationPlan {
        smoke = List.copyOf(smoke);
        Objects.requireNonNull(load, "load");
    }

    /**
     * One GET through the public URL and what must come back.
     *
     * @param path         the path requested
     * @param expectStatus the status expected; none: any 2xx
     * @param expectBody   text the body must contain
     */
    public record SmokeTest(String path, Optional<Integer> expectStatus, Optional<String> expectBody) {
        public SmokeTest {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expectStatus, "expectStatus");
            Objects.requireNonNull(expectBody, "expectBody");
        }
    }

    /**
     * The load sample as configured: every value only when given.
     *
     * @param requests  how many requests to make
     * @param rate      requests per second
     * @param p50Millis the median latency target
     * @param p95Millis the 95th percentile target
     * @param p99Millis the 99th percentile target
     * @param errorRate the share of failed requests allowed, 0 to 1
     */
    public record LoadTargets(Optional<Integer> requests, Optional<Double> rate, Optional<Double> p50Millis,
                              Optional<Double> p95Millis, Optional<Double> p99Millis, Optional<Double> errorRate) {
        public static final LoadTargets NONE = new LoadTargets(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        public LoadTargets {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(p50Millis, "p50Millis");
            Objects.requireNonNull(p95Millis, "p95Millis");
            Objects.requireNonNull(p99Millis, "p99Millis");
            Objects.requireNonNull(errorRate, "errorRate");
        }
    }
}
