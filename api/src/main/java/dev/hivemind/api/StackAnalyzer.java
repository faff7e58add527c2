package dev.hivemind.api;

import java.nio.file.Path;
import java.util.List;

/** Detects an application's tech stack from its files. */
public interface StackAnalyzer {

    /**
     * @throws InvalidInputException when the directory holds no application this analyzer knows
     */
    TechStack analyze(Path appDirectory);

    /**
     * The stack with the configuration of {@code environment} ({@code dev}, {@code test}, {@code staging},
     * {@code prod}) applied, for analyzers whose configuration has per-environment overlays.
     *
     * @throws InvalidInputException when the directory holds no application this analyzer knows
     */
    default TechStack analyze(Path appDirectory, String environment) {
        return analyze(appDirectory);
    }

    /** The tools the stack's build and run need on this machine, checked in preflight. */
    List<ToolRequirement> requiredTools(TechStack stack);

    /** A command that must be on the machine, and how to get it. */
    record ToolRequirement(String command, String versionArgument, String installHint) { }
}
