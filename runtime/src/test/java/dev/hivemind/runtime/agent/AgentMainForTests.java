package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;

/** Stands in for the CLI's {@code hivemind agent run} (the runtime module has no main of its own). */
final class AgentMainForTests {

    private AgentMainForTests() {
    }

    public static void main(String[] args) {
        HostAgent.run(HivemindHome.fromEnvironment(System.getenv()));
    }
}
