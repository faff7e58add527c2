package dev.hivemind.api.remote;

import java.util.Objects;
import java.util.Optional;

/**
 * How an app fares on one host of a remote target, as {@code status APP} shows it: a host that does not answer is
 * shown with the reason, never left out.
 *
 * @param release   the release that serves on the host, if any
 * @param ready     the release's instances that pass their probes, of {@code instances}
 * @param requests  requests through the host's proxy over the last minute
 * @param errorRate the share of them that failed (5xx or no answer)
 * @param problem   why the host could not be read (empty when it was)
 */
public record HostStatus(String host, Optional<String> release, int ready, int instances, long requests,
                         double errorRate, Optional<String> problem) {
    public HostStatus {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(problem, "problem");
    }

    public static HostStatus unreachable(String host, String why) {
        return new HostStatus(host, Optional.empty(), 0, 0, 0, 0, Optional.of(why));
    }

    public boolean healthy() {
        return problem.isEmpty() && release.isPresent() && ready > 0;
    }
}
