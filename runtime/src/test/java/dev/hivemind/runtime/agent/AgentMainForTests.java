package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;

/** Stands in for the CLI's {@code hivemind agent run} (the runtime module has no main of its own). */
final class AgentMainForTests {

    private AgentMainForTests() {
    }

    public static void main(String[] args) {
        HivemindHome home = HivemindHome.fromEnvironment(System.getenv());
        if (java.util.List.of(args).contains(AgentSupervisor.STANDBY)) {
            HostAgent.standBy(home);
        } else {
            HostAgent.run(home);
        }
    }
}
