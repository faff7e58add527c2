package dev.hivemind.target.ssh;

import dev.hivemind.api.TechStack;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a host needs to run an app of a stack (the build happens on this machine): the commands, the Debian packages
 * that provide them, and the lowest major version the app asks for, when it names one.
 */
record StackRuntime(String language, List<String> commands, List<String> packages, String versionCommand,
                    Optional<Integer> minimumMajor) {
    private static final Pattern MAJOR = Pattern.compile("(\\d+)");

    static StackRuntime of(TechStack stack) {
        Optional<Integer> major = minimumMajor(stack.runtimeVersion());
        return switch (stack.language()) {
            case "nodejs" -> new StackRuntime("Node.js", List.of("node", "npm"), List.of("nodejs", "npm"), "node", major);
            case "python" -> new StackRuntime("Python", List.of("python3"), List.of("python3", "python3-venv"),
                    "python3", Optional.empty());
            case "java" -> new StackRuntime("Java", List.of("java"), List.of("default-jre-headless"), "java", major);
            default -> new StackRuntime(stack.language(), List.of(), List.of(), "", Optional.empty());
        };
    }

    boolean needsNothing() {
        return commands.isEmpty();
    }

    /** The first number of a version requirement such as {@code >=18}, {@code 20.x} or {@code ^21}. */
    static Optional<Integer> minimumMajor(String requirement) {
        if (requirement == null || requirement.isBlank() || requirement.contains("<") || requirement.contains("||")) {
            return Optional.empty();
        }
        Matcher matcher = MAJOR.matcher(requirement);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }
}
