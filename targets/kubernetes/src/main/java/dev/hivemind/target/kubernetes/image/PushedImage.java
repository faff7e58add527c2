package dev.hivemind.target.kubernetes.image;

import java.util.List;
import java.util.Objects;

/**
 * An image in its registry.
 *
 * @param reference {@code HOST[:PORT]/REPO@sha256:…}, what a cluster pulls
 * @param tagged    {@code HOST[:PORT]/REPO:TAG}
 * @param digest    the manifest's digest, {@code sha256:…}
 * @param layers    the image's layers as written by HiveMind, in order (dependencies first when there are any)
 */
public record PushedImage(String reference, String tagged, String digest, List<Layer> layers) {
    public PushedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(tagged, "tagged");
        Objects.requireNonNull(digest, "digest");
        layers = List.copyOf(layers);
    }

    /**
     * One layer HiveMind wrote.
     *
     * @param name    {@code dependencies} or {@code application}
     * @param diffId  the digest of its uncompressed tar
     * @param entries how many files, directories and links it holds
     */
    public record Layer(String name, String diffId, int entries) {
    }
}
