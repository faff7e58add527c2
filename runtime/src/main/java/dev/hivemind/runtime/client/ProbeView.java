package dev.hivemind.runtime.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One health probe: when it ran, the HTTP status it got or the error it met, and how long it took.
 *
 * @param at         when the probe started
 * @param statusCode the answer's status, empty when there was no answer
 * @param millis     how long the probe took
 * @param error      why there was no answer (connection refused, timeout, ...)
 */
public record ProbeView(Instant at, Optional<Integer> statusCode, long millis, Optional<String> error) {

    public ProbeView {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(error, "error");
    }

    public static ProbeView answered(Instant at, int statusCode, long millis) {
        return new ProbeView(at, Optional.of(statusCode), millis, Optional.empty());
    }

    public static ProbeView failed(Instant at, String error, long millis) {
        return new ProbeView(at, Optional.empty(), millis, Optional.of(error));
    }

    /** A 2xx or 3xx answer. */
    public boolean passed() {
        return statusCode.filter(code -> code >= 200 && code < 400).isPresent();
    }
}
