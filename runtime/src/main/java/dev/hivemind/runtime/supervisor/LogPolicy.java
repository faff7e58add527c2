package dev.hivemind.runtime.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * When instance logs are rotated: an {@code output.log} of at least {@code maxBytes} is copied to
 * {@code output.log.1} (older copies shift up to {@code output.log.<keep>}) and truncated; sizes are checked every
 * {@code checkEvery}.
 *
 * @param maxBytes   the size that triggers a rotation
 * @param keep       how many old files are kept
 * @param checkEvery how often sizes are checked
 */
public record LogPolicy(long maxBytes, int keep, Duration checkEvery) {

    public LogPolicy {
        if (maxBytes < 1 || keep < 1) {
            throw new IllegalArgumentException("log rotation needs maxBytes >= 1 and keep >= 1, got "
                    + maxBytes + " and " + keep);
        }
        Objects.requireNonNull(checkEvery, "checkEvery");
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("log check interval must be positive, got " + checkEvery);
        }
    }

    /** 10 MB, 3 old files, checked every 5 s. */
    public static LogPolicy defaults() {
        return new LogPolicy(10L * 1024 * 1024, 3, Duration.ofSeconds(5));
    }
}
