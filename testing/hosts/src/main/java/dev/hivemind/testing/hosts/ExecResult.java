package dev.hivemind.testing.hosts;

/**
 * What a command run on a test host (or from this machine) ended with.
 *
 * @param command  the command, as given
 * @param exitCode its exit code
 * @param output   what it wrote to standard output
 * @param errors   what it wrote to standard error
 */
public record ExecResult(String command, int exitCode, String output, String errors) {

    /** Whether the command exited with 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** The output of a command that succeeded; a {@link TestHostException} with everything it said otherwise. */
    public String orThrow() {
        if (!ok()) {
            throw new TestHostException("'" + command + "' exited with " + exitCode + "; output: " + output.strip()
                    + "; errors: " + errors.strip());
        }
        return output;
    }
}
