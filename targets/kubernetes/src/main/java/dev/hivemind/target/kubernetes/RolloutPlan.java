package dev.hivemind.target.kubernetes;

import dev.hivemind.api.rollout.RollingUpdate;
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
 * @param resume   where an earlier run of this release's canary paused for an approval now given
 */
record RolloutPlan(ManifestSettings settings, ReleaseImage release, Optional<ReleaseImage> previous,
                   RolloutPolicy policy, Duration timeout,
                   java.util.function.UnaryOperator<com.fasterxml.jackson.databind.node.ObjectNode> connect,
                   Optional<dev.hivemind.api.rollout.RolloutProgress> resume) {
    RolloutPlan {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(resume, "resume");
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

    /**
     * The Deployment {@code name} (pods of {@code track}) running {@code release} on {@code replicas} pods; its
     * rolling update's surge and unavailability from {@code rolling:} in hivemind.yaml, else the first batch's
     * share as the surge and none unavailable.
     */
    Workload workload(String name, String track, ReleaseImage release, int replicas) {
        RollingUpdate rolling = policy.rollingUpdate();
        String surge = rolling.maxSurge().orElse(policy.rollingBatches().getFirst() + "%");
        String unavailable = rolling.maxUnavailable().orElse("0");
        return new Workload(name, track, replicas, release.releaseId(), release.secret(), release.memory(), surge,
                unavailable);
    }
}
