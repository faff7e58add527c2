package dev.hivemind.runtime.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of moving an app's traffic to a release.
 *
 * @param previousRelease the release that served before (now draining, then stopped); empty when there was none or
 *                        when the release was already active
 * @param switchMicros    how long the switch itself took, in microseconds
 */
public record SwitchResult(Optional<String> previousRelease, long switchMicros) {

    public SwitchResult {
        Objects.requireNonNull(previousRelease, "previousRelease");
    }
}
