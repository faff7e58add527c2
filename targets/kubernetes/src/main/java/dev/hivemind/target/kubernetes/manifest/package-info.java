/**
 * The Kubernetes objects an app runs as (the first part of the {@code kubernetes} target): a namespace, its service
 * account, a Deployment with HiveMind's probes and a restricted security context, a Service, a
 * PodDisruptionBudget, a default-deny NetworkPolicy that admits only the app's port, and an Ingress for a domain.
 * {@code hivemind manifests} writes them as YAML. See {@code docs/targets/kubernetes.md}.
 */
package dev.hivemind.target.kubernetes.manifest;
