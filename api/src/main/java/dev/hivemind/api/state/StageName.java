package dev.hivemind.api.state;

import dev.hivemind.api.error.Agent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The pipeline's stages in order, with the agent owning each and the status shown while it runs. */
public enum StageName {
    INIT("000", Agent.CONDUCTOR, Status.PENDING, "validate input, create the deployment, load config"),
    PREFLIGHT("001", Agent.CONDUCTOR, Status.PENDING, "tools, versions, disk and ports for the target"),
    ANALYZE("010", Agent.COMPILER, Status.ANALYZING, "clone or read the repository, detect the tech stack"),
    BUILD("020", Agent.COMPILER, Status.BUILDING, "build with the stack's real toolchain, produce an artifact"),
    PROVISION("030", Agent.PROVISIONER, Status.PROVISIONING, "reserve the public port and directories, start the host agent"),
    DEPLOY("040", Agent.DEPLOYER, Status.DEPLOYING, "start the release, health-gate it, shift traffic"),
    HARDEN("050", Agent.SHERIFF, Status.HARDENING, "check listeners and file modes, score and recommend"),
    VALIDATE("060", Agent.VALIDATOR, Status.VALIDATING, "the health path, smoke tests and a load sample through the public URL"),
    REPORT("070", Agent.CONDUCTOR, Status.VALIDATING, "write the journal and tell the next steps");

    private final String number;
    private final Agent agent;
    private final Status runningStatus;
    private final String summary;

    StageName(String number, Agent agent, Status runningStatus, String summary) {
        this.number = number;
        this.agent = agent;
        this.runningStatus = runningStatus;
        this.summary = summary;
    }

    public String number() {
        return number;
    }

    public Agent agent() {
        return agent;
    }

    public Status runningStatus() {
        return runningStatus;
    }

    public String summary() {
        return summary;
    }

    /** The wire name: {@code analyze}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts a stage's name ({@code build}) or number ({@code 020}). */
    public static Optional<StageName> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(stage -> stage.toString().equals(wanted) || stage.number.equals(wanted))
                .findFirst();
    }
}
