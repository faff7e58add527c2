package dev.hivemind.target.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * A release as a cluster runs it: its id, its image by digest, the Secret holding its environment (none when it has
 * none) and its pods' memory limit. Kept in the app's ledger so a rollback runs an earlier one without rebuilding.
 */
record ReleaseImage(String releaseId, String image, Optional<String> secret, String memory) {
    ReleaseImage {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(image, "image");
        secret = secret == null ? Optional.empty() : secret;
        memory = memory == null ? "512Mi" : memory;
    }
}
