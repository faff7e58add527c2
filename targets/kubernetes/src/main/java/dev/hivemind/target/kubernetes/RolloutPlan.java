package dev.hivemind.target.kubernetes;

import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.target.kubernetes.manifest.ManifestSettings;
import dev.hivemind.target.kubernetes.manifest.Workload;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One rollout on a cluster: the app's objects for the new image, the release, and the release it replaces (to go
 * back to when the rollout is aborted).
 *
 * @param settings the app's objects, with the new image by digest and the replicas
 * @param release  the new release
 * @param previous the release serving before, when there is one
 * @param policy   the canary steps and analysis, the rolling batches
 * @param timeout  how long each Deployment may take to roll out
 * @param connect  what each Deployment gets besides (the database's variables by reference to its Secret)
 */
record RolloutPlan(ManifestSettings settings, ReleaseImage release, Optional<ReleaseImage> previous,
                   RolloutPolicy policy, Duration timeout,
                   java.util.function.UnaryOperator<com.fasterxml.jackson.databind.node.ObjectNode> connect) {
    RolloutPlan {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connect, "connect");
    }

    /** The Deployment of {@code workload} with {@code settings}, connected. */
    com.fasterxml.jackson.databind.node.ObjectNode deployment(ManifestSettings with, Workload workload) {
        return connect.apply(dev.hivemind.target.kubernetes.manifest.AppManifests.deployment(with, workload));
    }

    String app() {
        return settings.app();
    }

    String namespace() {
        return settings.namespace();
    }

    /** The settings with {@code release}'s image. */
    ManifestSettings settingsOf(ReleaseImage release) {
        ManifestSettings s = settings;
        return new ManifestSettings(s.app(), s.namespace(), release.image(), s.port(), s.healthPath(),
                s.probeInterval(), s.probeTimeout(), s.threshold(), s.startupDeadline(), s.replicas(), s.domain(),
                s.tlsIssuer());
    }

    /** The Deployment {@code name} (pods of {@code track}) running {@code release} on {@code replicas} pods. */
    Workload workload(String name, String track, ReleaseImage release, int replicas) {
        int surge = policy.rollingBatches().getFirst();
        return new Workload(name, track, replicas, release.releaseId(), release.secret(), release.memory(), surge, 0);
    }
}
