/**
 * The HiveMind host agent: a long-running process per host that keeps the apps it was asked to run, answers its
 * HTTP/JSON API on a Unix socket, and persists its desired state in {@code HIVEMIND_HOME/agent/desired.json} with
 * the pid, start time and port of each running instance, so that an agent that was killed adopts its surviving
 * instances instead of starting them again. {@link dev.hivemind.runtime.agent.AgentLauncher} starts or stops it as a
 * detached process.
 */
package dev.hivemind.runtime.agent;
