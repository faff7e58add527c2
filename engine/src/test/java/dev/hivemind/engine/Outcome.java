package dev.hivemind.engine;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.api.state.StageName;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** How a generated run should end: completing, failing at a stage with an error, or stopping with --until. */
sealed interface Outcome {
    /** The stages a fake can fail in (init and report use no service). */
    List<StageName> FAILABLE = List.of(StageName.PREFLIGHT, StageName.ANALYZE, StageName.BUILD, StageName.PROVISION,
            StageName.DEPLOY, StageName.HARDEN, StageName.VALIDATE);

    /** Every stage completes. */
    record Completes() implements Outcome { }

    /** The run stops after {@code stage}. */
    record StopsAfter(StageName stage) implements Outcome { }

    /** A fake fails at {@code stage} every time it is called (validate fails by the app answering 503). */
    record Fails(StageName stage, Kind kind, String message, String context, String remediation) implements Outcome {

        RuntimeException error() {
            return kind.create(stage.agent(), message, context, remediation);
        }

        String expectedType() {
            return stage == StageName.VALIDATE || kind == Kind.UNEXPECTED ? "DeploymentError" : kind.type;
        }

        /** Attempts under the default policy: network 3, deploy 2, everything else 1. */
        int expectedAttempts() {
            if (stage == StageName.VALIDATE) {
                return 2;
            }
            return switch (kind) {
                case NETWORK -> 3;
                case DEPLOYMENT -> 2;
                case BUILD, INFRASTRUCTURE, INVALID_INPUT, PREFLIGHT, UNEXPECTED -> 1;
            };
        }
    }

    /** The errors a fake throws. */
    enum Kind {
        BUILD("BuildError"), NETWORK("NetworkError"), DEPLOYMENT("DeploymentError"),
        INFRASTRUCTURE("InfrastructureError"), INVALID_INPUT("InvalidInputError"), PREFLIGHT("PreflightError"),
        UNEXPECTED("DeploymentError");

        final String type;

        Kind(String type) {
            this.type = type;
        }

        RuntimeException create(Agent agent, String message, String context, String remediation) {
            return switch (this) {
                case BUILD -> new BuildException(agent, message, context, remediation);
                case NETWORK -> new NetworkException(agent, message, context, remediation);
                case DEPLOYMENT -> new DeploymentException(agent, message, context, remediation);
                case INFRASTRUCTURE -> new InfrastructureException(agent, message, context, remediation);
                case INVALID_INPUT -> new InvalidInputException(agent, message, context, remediation);
                case PREFLIGHT -> new PreflightException(agent, message, context, remediation);
                case UNEXPECTED -> new IllegalStateException(message);
            };
        }
    }

    static Arbitrary<Fails> failures() {
        Arbitrary<String> sentence = Combinators.combine(StateArbitraries.word(), StateArbitraries.text())
                .as((word, text) -> word + " " + text);
        return Combinators.combine(Arbitraries.of(FAILABLE), Arbitraries.of(Kind.class), sentence, sentence, sentence)
                .as(Fails::new);
    }

    static Arbitrary<Outcome> any() {
        return Arbitraries.oneOf(Arbitraries.just(new Completes()),
                Arbitraries.of(StageName.class).map(StopsAfter::new), failures());
    }
}
