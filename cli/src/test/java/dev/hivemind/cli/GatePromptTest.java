package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Approver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The y/N prompt at a gate: only y or yes approves; the plan is shown before the question. */
class GatePromptTest {
    private static final PendingGate GATE = new PendingGate(StageName.DEPLOY,
            List.of("start release r2 of shop", "move all traffic of http://127.0.0.1:8080 to r2"),
            Instant.parse("2026-11-22T03:35:12Z"), Optional.empty());

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> questions = new ArrayList<>();

    @Test
    void yesApprovesAfterShowingThePlan() {
        ApprovalDecision decision = prompt(Optional.of(" Y ")).decide(GATE);

        assertThat(decision).isEqualTo(new ApprovalDecision.Approved("at the prompt"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("\nApproval gate before 040 deploy. It will:\n"
                + "  - start release r2 of shop\n  - move all traffic of http://127.0.0.1:8080 to r2\n");
        assertThat(questions).containsExactly("Continue with deploy? [y/N] ");
    }

    @Test
    void anythingElseRejectsAtThePrompt() {
        for (Optional<String> answer : List.of(Optional.of(""), Optional.of("n"), Optional.of("yep"),
                Optional.<String>empty())) {
            assertThat(prompt(answer).decide(GATE)).as(answer.toString())
                    .isEqualTo(new ApprovalDecision.Rejected("rejected at the prompt"));
        }
    }

    @Test
    void withoutATerminalTheGateWaitsAndAutoApprovePassesIt() {
        Invocation piped = new Invocation(System.out, System.err, Map.of(), Path.of(""), false);

        assertThat(GatePrompt.choose(piped, false)).isSameAs(Approver.DEFER);
        assertThat(GatePrompt.choose(piped, true)).isSameAs(Approver.AUTO);
    }

    private GatePrompt prompt(Optional<String> answer) {
        return new GatePrompt(new PrintStream(err, true, StandardCharsets.UTF_8), question -> {
            questions.add(question);
            return answer;
        });
    }
}
