package dev.hivemind.analyzer;

import java.util.List;

/**
 * One command of a build, with what it is doing and what to check when it fails.
 *
 * @param command the executable's name and arguments, e.g. {@code [npm, ci]}
 * @param context what is being attempted, for the error's context line
 * @param hint    the first thing to check when the command fails
 */
record BuildStep(List<String> command, String context, String hint) {
    BuildStep {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a build step needs a command");
        }
    }

    String executable() {
        return command.getFirst();
    }

    /** The command as a person would type it, e.g. {@code npm ci}. */
    String display() {
        return String.join(" ", command);
    }
}
