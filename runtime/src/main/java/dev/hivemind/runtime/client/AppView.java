package dev.hivemind.runtime.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An app served by the agent.
 *
 * @param app           the app's name
 * @param publicPort    the port its edge proxy listens on
 * @param bindAddress   {@code 127.0.0.1}, or {@code 0.0.0.0} when public
 * @param activeRelease the stable release: the one that last got all traffic through a switch
 * @param releases      the releases the agent knows in this run, with their instances
 * @param weights       the proxy's current weights by release (releases without traffic are absent)
 * @param isolation     who its instances run as and what limits them (or why nothing does)
 */
public record AppView(String app, int publicPort, String bindAddress, Optional<String> activeRelease,
                      List<ReleaseView> releases, Map<String, Integer> weights, String isolation) {

    public AppView {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(activeRelease, "activeRelease");
        releases = List.copyOf(releases);
        weights = Collections.unmodifiableMap(new TreeMap<>(weights == null ? Map.of() : weights));
        isolation = isolation == null ? "" : isolation;
    }

    /** An app whose isolation is not told (as an older agent answers). */
    public AppView(String app, int publicPort, String bindAddress, Optional<String> activeRelease,
                   List<ReleaseView> releases, Map<String, Integer> weights) {
        this(app, publicPort, bindAddress, activeRelease, releases, weights, "");
    }

    /** One release, if the agent knows it. */
    public Optional<ReleaseView> release(String releaseId) {
        return releases.stream().filter(view -> view.releaseId().equals(releaseId)).findFirst();
    }

    /** Every instance of every release. */
    public List<InstanceView> instances() {
        return releases.stream().flatMap(release -> release.instances().stream()).toList();
    }
}
