package dev.hivemind.api;

import dev.hivemind.api.state.HookStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * The smoke tests and load targets the app's configuration asks the validate stage for, with the overlay of
     * {@code environment} applied; {@link ValidationPlan#NONE} for analyzers that read no configuration.
     *
     * @throws InvalidInputException when the configuration is not valid
     */
    default ValidationPlan validationPlan(Path appDirectory, String environment) {
        return ValidationPlan.NONE;
    }

    /**
     * The hooks the app's configuration runs around the build and deploy stages and before destroy, pending, with
     * the overlay of {@code environment} applied; none for analyzers that read no configuration.
     *
     * @throws InvalidInputException when the configuration is not valid
     */
    default List<HookStep> hooks(Path appDirectory, String environment) {
        return List.of();
    }

    /** The tools the stack's build and run need on this machine, checked in preflight. */
    List<ToolRequirement> requiredTools(TechStack stack);

    /**
     * A command that must be on the machine, and how to get it.
     *
     * @param version the version the app asks for, when it declares one; checked against what
     *                {@code <command> <versionArgument>} prints
     */
    record ToolRequirement(String command, String versionArgument, String installHint,
                           Optional<VersionRequirement> version) {
        public ToolRequirement {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(versionArgument, "versionArgument");
            Objects.requireNonNull(installHint, "installHint");
            version = version == null ? Optional.empty() : version;
        }

        /** A tool whose version is not checked. */
        public ToolRequirement(String command, String versionArgument, String installHint) {
            this(command, versionArgument, installHint, Optional.empty());
        }
    }

    /** The version of a tool an app asks for, judged from what the tool's version command prints. */
    interface VersionRequirement {
        /** What the app asks for and where it says so: {@code Go 1.22 or later (go.mod go directive)}. */
        String wanted();

        /** The version named in what the version command printed ({@code 1.22.3}), when it names one. */
        Optional<String> versionIn(String output);

        /** Whether {@code version} satisfies the requirement; empty when the constraint cannot be judged. */
        Optional<Boolean> satisfiedBy(String version);

        /**
         * What to do when the installed {@code version} does not satisfy it: which is installed, which is needed,
         * and what works.
         */
        default String remedy(String version) {
            return "Installed: " + version + "; needed: " + wanted() + ". Install a version that satisfies it first "
                    + "on the PATH, or, if you know " + version + " runs the app, set 'version-check: false' in "
                    + "hivemind.yaml";
        }
    }
}
