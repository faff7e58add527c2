/**
 * App instances under the agent: each in its own process group with {@code PORT} in its environment, restarted
 * with backoff, gated by startup, readiness and liveness probes, its output in a rotated log.
 */
package dev.hivemind.runtime.supervisor;
