/**
 * The rollouts every target runs over the host agent: blue-green and recreate, canary steps judged against the
 * stable release, rolling batches, all over {@link dev.hivemind.target.rollout.TrafficControl}.
 */
package dev.hivemind.target.rollout;
