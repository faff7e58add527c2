package dev.hivemind.cli;

import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.engine.Approver;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The approval gate on a terminal: shows what the next stage will do and asks y/N. Anything but {@code y} or
 * {@code yes} (an empty answer, end of input) rejects, so a stray Enter never ships a release.
 */
public final class GatePrompt implements Approver {
    static final String REJECTED = "rejected at the prompt";

    private final PrintStream err;
    private final Function<String, Optional<String>> ask;

    /**
     * @param ask shows a question and returns the answer, empty at the end of input
     */
    GatePrompt(PrintStream err, Function<String, Optional<String>> ask) {
        this.err = err;
        this.ask = ask;
    }

    /** {@link Approver#AUTO} with {@code --auto-approve}; the prompt on a terminal; else {@link Approver#DEFER}. */
    public static Approver choose(Invocation invocation, boolean autoApprove) {
        if (autoApprove) {
            return Approver.AUTO;
        }
        var console = System.console();
        if (!invocation.terminal() || console == null) {
            return Approver.DEFER;
        }
        return new GatePrompt(invocation.err(), question -> Optional.ofNullable(console.readLine("%s", question)));
    }

    @Override
    public ApprovalDecision decide(PendingGate gate) {
        err.println();
        err.println("Approval gate before " + gate.stage().number() + " " + gate.stage() + ". It will:");
        gate.plan().forEach(line -> err.println("  - " + line));
        String answer = ask.apply("Continue with " + gate.stage() + "? [y/N] ").orElse("").strip()
                .toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes")
                ? new ApprovalDecision.Approved("at the prompt")
                : new ApprovalDecision.Rejected(REJECTED);
    }
}
