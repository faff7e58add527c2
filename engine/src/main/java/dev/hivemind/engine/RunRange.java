package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.StageName;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stages a run covers: {@code --from STAGE} (default: the first not completed) through
 * {@code --until STAGE} (default: the last).
 */
public record RunRange(Optional<StageName> from, Optional<StageName> until) {

    /**
     * @throws InvalidInputException when {@code from} comes after {@code until}
     */
    public RunRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (from.isPresent() && until.isPresent() && from.get().compareTo(until.get()) > 0) {
            throw new InvalidInputException(Agent.CONDUCTOR,
                    "--from " + from.get() + " comes after --until " + until.get(), "Reading --from and --until",
                    "Name the stages in pipeline order; `hivemind steps` lists them");
        }
    }

    /** Every stage from the first not completed. */
    public static RunRange all() {
        return new RunRange(Optional.empty(), Optional.empty());
    }

    /** From {@code stage} to the end. */
    public static RunRange startingAt(StageName stage) {
        return new RunRange(Optional.of(stage), Optional.empty());
    }

    /** From the first stage not completed through {@code stage}. */
    public static RunRange through(StageName stage) {
        return new RunRange(Optional.empty(), Optional.of(stage));
    }
}
