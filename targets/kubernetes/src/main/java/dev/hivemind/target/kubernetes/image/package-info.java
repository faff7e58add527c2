/**
 * OCI images without Docker ({@code hivemind image}): the build stage's artifact as layers of its own (the
 * dependencies apart from the app's code, symbolic links and modes kept, byte-for-byte reproducible), on a
 * per-stack base image, with the start command as entrypoint and a non-root user, pushed to a registry by jib-core.
 * See {@code docs/targets/kubernetes.md}.
 */
package dev.hivemind.target.kubernetes.image;
