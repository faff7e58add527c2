/**
 * The agent's API as its callers see it: {@link dev.hivemind.runtime.client.AgentClient} over the Unix socket
 * (HTTP/JSON, snake_case), the request bodies and the views the agent answers with.
 */
package dev.hivemind.runtime.client;
