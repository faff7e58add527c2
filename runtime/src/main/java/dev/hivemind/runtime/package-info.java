/**
 * The HiveMind host agent: a long-running process per host that supervises app instances (own process group,
 * {@code PORT} in the environment, restart with backoff, crash-loop detection, rotated logs), runs each release as
 * replicas gated by startup, readiness and liveness probes, runs one Jetty edge reverse proxy per app on its public
 * port that routes by weight to the ready replicas of each release, drains instances leaving rotation, and persists
 * its desired state in {@code HIVEMIND_HOME/agent/desired.json}, with the pid, start time and port of each running
 * instance so that an agent that was killed adopts its surviving instances instead of starting them again.
 *
 * <p>{@link dev.hivemind.runtime.agent.HostAgent} runs the agent, {@link dev.hivemind.runtime.client.AgentClient} talks to it over
 * its Unix domain socket (HTTP/JSON, snake_case) and {@link dev.hivemind.runtime.agent.AgentLauncher} starts or stops it as
 * a detached process.
 */
package dev.hivemind.runtime;
