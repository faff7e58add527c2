package dev.hivemind.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An app served by the agent.
 *
 * @param app           the app's name
 * @param publicPort    the port its edge proxy listens on
 * @param bindAddress   {@code 127.0.0.1}, or {@code 0.0.0.0} when public
 * @param activeRelease the release the proxy routes to, if any
 * @param releases      the instances the agent knows in this run
 */
public record AppView(String app, int publicPort, String bindAddress, Optional<String> activeRelease,
                      List<InstanceView> releases) {

    public AppView {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(activeRelease, "activeRelease");
        releases = List.copyOf(releases);
    }

    /** The instance of one release, if the agent knows it. */
    public Optional<InstanceView> release(String releaseId) {
        return releases.stream().filter(view -> view.releaseId().equals(releaseId)).findFirst();
    }
}
