/**
 * A repository's {@code hivemind.yaml}: read and checked against its JSON Schema once, with its
 * {@code environments} overlays, and every setting read from it (env, hooks, rollout, probes, smoke and load).
 */
package dev.hivemind.analyzer.config;
