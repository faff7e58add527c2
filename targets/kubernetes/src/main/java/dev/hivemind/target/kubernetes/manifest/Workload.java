package dev.hivemind.target.kubernetes.manifest;

import dev.hivemind.api.rollout.RollingUpdate;
import java.util.Objects;
import java.util.Optional;

/**
 * One Deployment of an app on a cluster, beyond what {@link ManifestSettings} says of the app: a rolling update's
 * single Deployment, a blue-green colour, a canary's stable or canary side.
 *
 * @param name          the Deployment's name
 * @param track         {@code hivemind.dev/track} on its pods ({@code main}, {@code blue}, {@code green},
 *                      {@code stable}, {@code canary}); part of its selector, so it never changes for a name
 * @param replicas      its pods (0: scaled down, kept for a rollback)
 * @param releaseId     the release (deployment id) its pods run, {@code hivemind.dev/release}
 * @param secret        the Secret whose keys are the app's environment ({@code envFrom}), when it has any
 * @param memory        the container's memory limit, e.g. {@code 512Mi}
 * @param maxSurge      a rolling update's extra pods: a count ({@code 2}) or a percentage of {@code replicas}
 *                      ({@code 25%})
 * @param maxUnavailable a rolling update's pods that may be down at once, a count or a percentage
 */
public record Workload(String name, String track, int replicas, String releaseId, Optional<String> secret,
                       String memory, String maxSurge, String maxUnavailable) {
    /** The label that tells a Deployment's pods apart from another Deployment's of the same app. */
    public static final String TRACK = "hivemind.dev/track";
    /** The label that names the release a pod runs. */
    public static final String RELEASE = "hivemind.dev/release";

    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(maxSurge, "maxSurge");
        Objects.requireNonNull(maxUnavailable, "maxUnavailable");
        if (replicas < 0 || !RollingUpdate.valid(maxSurge) || !RollingUpdate.valid(maxUnavailable)
                || RollingUpdate.none(maxSurge) && RollingUpdate.none(maxUnavailable)) {
            throw new IllegalArgumentException("replicas are not negative, maxSurge and maxUnavailable are counts "
                    + "or percentages not both 0: " + replicas + ", " + maxSurge + ", " + maxUnavailable);
        }
    }

    /** This Deployment with {@code count} pods. */
    public Workload withReplicas(int count) {
        return new Workload(name, track, count, releaseId, secret, memory, maxSurge, maxUnavailable);
    }
}
