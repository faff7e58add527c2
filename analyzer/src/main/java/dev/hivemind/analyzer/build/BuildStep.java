package dev.hivemind.analyzer.build;

import java.util.List;

/**
 * One command of a build, with what it is doing and what to check when it fails.
 *
 * @param command the executable's name and arguments, e.g. {@code [npm, ci]}
 * @param context what is being attempted, for the error's context line
 * @param hint    the first thing to check when the command fails
 */
public record BuildStep(List<String> command, String context, String hint) {
    static final String SHELL = "sh";

    public BuildStep {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a build step needs a command");
        }
    }

    /** A command line run by {@code sh -c}, such as a build command from hivemind.yaml. */
    public static BuildStep shell(String commandLine, String context, String hint) {
        return new BuildStep(List.of(SHELL, "-c", commandLine), context, hint);
    }

    public String executable() {
        return command.getFirst();
    }

    /** The command as a person would type it, e.g. {@code npm ci}; a shell step's command line as written. */
    public String display() {
        if (command.size() == 3 && command.get(0).equals(SHELL) && command.get(1).equals("-c")) {
            return command.get(2);
        }
        return String.join(" ", command);
    }
}
