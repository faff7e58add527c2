package dev.hivemind.cli;

import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.PreflightException;

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
