package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An environment too large to start a command with is told as that, not as a broken tool. */
class LaunchFailureTest {
    private static final String BIG = "x".repeat(200_000);

    @Test
    void anOversizedVariableIsNamedWithItsSizeAndTheSystemsLimit() {
        List<String> command = List.of("/bin/true");

        IOException refused = catchThrowableOfType(IOException.class,
                () -> ProcessRunner.run(command, Path.of("/"), Map.of("HUGE_BLOB", BIG), line -> { }));

        assertThat(LaunchFailure.tooLarge(refused)).isTrue();
        assertThat(LaunchFailure.describe(refused, command, Map.of("HUGE_BLOB", BIG))).get().asString()
                .startsWith("the system refused to start `/bin/true`: its environment and arguments are too large "
                        + "(E2BIG, Argument list too long); the largest variable, HUGE_BLOB, is 200011 bytes (Linux "
                        + "allows 131072 per variable), and ");
        assertThat(LaunchFailure.remedy()).contains("unset large variables", "{file: path}");
    }

    @Test
    void anyOtherFailureIsNotDescribedAsSize() {
        IOException missing = catchThrowableOfType(IOException.class,
                () -> ProcessRunner.run(List.of("/no/such/tool"), Path.of("/"), Map.of(), line -> { }));

        assertThat(LaunchFailure.tooLarge(missing)).isFalse();
        assertThat(LaunchFailure.describe(missing, List.of("/no/such/tool"), Map.of())).isEmpty();
    }
}
