/**
 * A deployment as HiveMind persists it: {@link dev.hivemind.api.state.DeploymentState} (written as
 * {@code state.json} after every step), the request it runs, its stages, hooks, gates, log lines and errors.
 */
package dev.hivemind.api.state;
