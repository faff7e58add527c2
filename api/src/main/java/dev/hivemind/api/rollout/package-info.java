/**
 * How a release replaces the running one, shared by every target: the {@link dev.hivemind.api.rollout.Strategy},
 * the {@link dev.hivemind.api.rollout.RolloutPolicy} (replicas, canary steps, rolling batches, probes), the health
 * gate, and the canary's judgement of traffic samples.
 */
package dev.hivemind.api.rollout;
