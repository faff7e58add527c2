package dev.hivemind.engine.state;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How the engine reports an {@link IOException}: the error when it cannot read or write HiveMind's own files
 * (which it handles through {@link dev.hivemind.api.host.PrivateFiles}), and the cause in a message.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** The error reported when HiveMind cannot write its own files. */
    public static InfrastructureException failure(String doing, Path path, IOException cause) {
        return new InfrastructureException(Agent.CONDUCTOR,
                "cannot " + doing + " " + path + ": " + describe(cause),
                "Writing HiveMind's own files under HIVEMIND_HOME",
                "Check free disk space and that " + path.getParent() + " is a directory you own (mode 0700)", cause);
    }

    /** The exception's type and message, as an error text quotes it: {@code NoSuchFileException (/x)}. */
    public static String describe(IOException cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
