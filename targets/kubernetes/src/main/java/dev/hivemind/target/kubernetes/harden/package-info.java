/**
 * The hardening score of an app's objects on a Kubernetes cluster: {@link
 * dev.hivemind.target.kubernetes.harden.PodSecurityCheck} checks them against the Pod Security Standards'
 * restricted profile, for a NetworkPolicy, non-root images and secrets in plain environment values. See
 * {@code docs/targets/kubernetes.md}.
 */
package dev.hivemind.target.kubernetes.harden;
