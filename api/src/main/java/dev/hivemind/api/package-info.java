/**
 * HiveMind's service interfaces and the values that pass through them: the small interfaces (source fetcher,
 * analyzer, builder, source audit, target) that the engine drives and the other modules implement, and what they
 * exchange (the tech stack, the artifact, the infrastructure, security and validation checks). The deployment's
 * persisted state is in {@code .state}, the errors in {@code .error}, rollouts in {@code .rollout}, and this
 * machine's files and processes in {@code .host}, remote servers in {@code .remote}. No third-party dependencies.
 */
package dev.hivemind.api;
