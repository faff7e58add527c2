package dev.hivemind.api.rollout;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a cluster's own rolling update replaces pods, as Kubernetes' {@code maxSurge} and {@code maxUnavailable}: each
 * a count of pods ({@code 2}) or a percentage of the replicas ({@code 25%}). Left out, the surge is the first rolling
 * batch and none may be unavailable.
 *
 * @param maxSurge       pods that may run beyond the replicas during the update
 * @param maxUnavailable pods that may be missing from the replicas during the update
 */
public record RollingUpdate(Optional<String> maxSurge, Optional<String> maxUnavailable) {
    private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,8})(%?)");

    public RollingUpdate {
        Objects.requireNonNull(maxSurge, "maxSurge");
        Objects.requireNonNull(maxUnavailable, "maxUnavailable");
        maxSurge.ifPresent(value -> check("maxSurge", value));
        maxUnavailable.ifPresent(value -> check("maxUnavailable", value));
    }

    /** Neither given: the surge of the first batch, none unavailable. */
    public static RollingUpdate defaults() {
        return new RollingUpdate(Optional.empty(), Optional.empty());
    }

    /** Whether {@code value} is a count of pods or a percentage from 0 to 100, as Kubernetes takes it. */
    public static boolean valid(String value) {
        var matcher = AMOUNT.matcher(value);
        return matcher.matches() && (matcher.group(2).isEmpty() || Integer.parseInt(matcher.group(1)) <= 100);
    }

    /** Whether {@code value} (valid) lets no pod at all: {@code 0} or {@code 0%}. */
    public static boolean none(String value) {
        return value.equals("0") || value.equals("0%");
    }

    private static void check(String what, String value) {
        if (!valid(value)) {
            throw new IllegalArgumentException(what + " is a count of pods (2) or a percentage from 0% to 100%, not "
                    + value);
        }
    }
}
