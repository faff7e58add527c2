package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.remote.SshHost;
import java.time.Duration;

/** Runs shell scripts as root on one host (through {@code sudo -n} when the login is not root). */
public interface RemoteShell {
    Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    SshHost host();

    /** Runs {@code script} with {@code /bin/sh -c} as root, with no input. */
    CommandResult run(String script, Duration timeout);

    /** Runs {@code script} as root with {@code input} on its standard input. */
    CommandResult run(String script, byte[] input, Duration timeout);

    default CommandResult run(String script) {
        return run(script, DEFAULT_TIMEOUT);
    }

    /** {@code value} as one single-quoted word for {@code /bin/sh}. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
