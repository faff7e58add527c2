package dev.hivemind.cli;

import dev.hivemind.api.BuildException;
import dev.hivemind.api.DeploymentException;
import dev.hivemind.api.HiveMindException;
import dev.hivemind.api.InfrastructureException;
import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.LockedException;
import dev.hivemind.api.NetworkException;
import dev.hivemind.api.PreflightException;

/** The exit codes of the brief: the one place failures become numbers. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    static final int INVALID_INPUT = 2;
    static final int AWAITING_APPROVAL = 3;
    public static final int PREFLIGHT_FAILED = 4;
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    static int of(HiveMindException error) {
        return switch (error) {
            case InvalidInputException e -> INVALID_INPUT;
            case PreflightException e -> PREFLIGHT_FAILED;
            case LockedException e -> FAILED;
            case BuildException e -> FAILED;
            case NetworkException e -> FAILED;
            case DeploymentException e -> FAILED;
            case InfrastructureException e -> FAILED;
        };
    }
}
