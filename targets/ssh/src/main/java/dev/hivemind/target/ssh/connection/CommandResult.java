package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.remote.SshHost;

/**
 * What a command run on a host gave back.
 *
 * @param exitCode the command's exit status (-1 when the channel closed without one)
 */
public record CommandResult(SshHost host, String command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The standard output, stripped. */
    public String output() {
        return stdout.strip();
    }

    /**
     * This result when the command succeeded.
     *
     * @throws InfrastructureException naming the host, what was being done, the exit status and the last output
     */
    public CommandResult require(Agent agent, String doing, String remediation) {
        if (ok()) {
            return this;
        }
        throw new InfrastructureException(agent, doing + " failed on " + host.display() + " (exit " + exitCode + "): "
                + lastLines(), doing + " on " + host.display(), remediation);
    }

    /** The last few lines of the command's error output, else of its standard output, in one line. */
    public String lastLines() {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }
}
