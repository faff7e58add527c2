/**
 * HiveMind's engine: the {@link dev.hivemind.engine.Conductor} that runs the pipeline's stages over one
 * {@link dev.hivemind.api.state.DeploymentState}, the {@link dev.hivemind.engine.state.StateStore} that persists it under
 * {@code HIVEMIND_HOME}, the per-app {@link dev.hivemind.engine.state.AppLock}, the stateless
 * {@link dev.hivemind.engine.retry.RetryPolicy}, the stages themselves and the journal.
 *
 * <p>The engine drives analyzers, builders and targets only through the interfaces of {@code dev.hivemind.api};
 * it never prints: progress reaches the caller as {@link dev.hivemind.engine.DeploymentEvent}s.
 */
package dev.hivemind.engine;
