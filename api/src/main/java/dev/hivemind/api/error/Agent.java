package dev.hivemind.api.error;

/** The specialist that owns a piece of work; errors and log lines name it. */
public enum Agent {
    CONDUCTOR("Conductor"),
    COMPILER("Compiler"),
    PROVISIONER("Provisioner"),
    DEPLOYER("Deployer"),
    SHERIFF("Sheriff"),
    VALIDATOR("Validator");

    private final String displayName;

    Agent(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }

    public static Agent fromWire(String wire) {
        for (Agent agent : values()) {
            if (agent.displayName.equalsIgnoreCase(wire) || agent.name().equalsIgnoreCase(wire)) {
                return agent;
            }
        }
        throw new IllegalArgumentException("unknown agent: " + wire);
    }
}
