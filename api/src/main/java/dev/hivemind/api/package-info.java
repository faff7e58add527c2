/**
 * HiveMind's model and service interfaces: the persisted {@link dev.hivemind.api.state.DeploymentState},
 * the error hierarchy rooted at {@link dev.hivemind.api.error.HiveMindException}, and the small
 * interfaces (analyzer, builder, target) that the engine drives and the other modules implement.
 * No third-party dependencies.
 */
package dev.hivemind.api;
