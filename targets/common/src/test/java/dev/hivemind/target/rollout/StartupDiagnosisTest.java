package dev.hivemind.target.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.FixedPort;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.Listener;
import dev.hivemind.runtime.client.ProbeView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupDiagnosisTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:35:12Z");
    private static final Optional<String> START = Optional.of("./bin/web");
    private static final FixedPort NEST = new FixedPort(3000, "port 3000 from src/main.ts line 8 "
            + "(await app.listen(3000))");

    @Test
    void aStartCommandThatIsNotThereIsNotRetried() {
        StartupDiagnosis diagnosis = diagnose(exited(127, "[hivemind] started release r1 replica 1 as pid 7 on "
                + "127.0.0.1:41234", "/bin/sh: 1: ./bin/web: not found"));

        assertThat(diagnosis.cause()).isEqualTo("`./bin/web` was not found (exit code 127: /bin/sh: 1: ./bin/web: "
                + "not found)");
        assertThat(diagnosis.retryable()).isFalse();
        assertThat(diagnosis.remediation()).contains("`start:` in hivemind.yaml or a Procfile `web:` line");
    }

    @Test
    void aCommandThatEndsAtOnceWithZeroIsNotAServer() {
        StartupDiagnosis diagnosis = diagnose(exited(0, "built in 12 ms"));

        assertThat(diagnosis.cause()).isEqualTo("`./bin/web` ended with exit code 0 before the app answered /health");
        assertThat(diagnosis.retryable()).isFalse();
        assertThat(diagnosis.remediation()).contains("keep the server running in the foreground");
    }

    @Test
    void aMissingModuleIsNamedWithTheDependencyToDeclare() {
        StartupDiagnosis node = diagnose(exited(1, "node:internal/modules/cjs/loader:1147",
                "Error: Cannot find module 'express'", "Require stack:"));
        StartupDiagnosis python = diagnose(exited(1, "Traceback (most recent call last):",
                "ModuleNotFoundError: No module named 'flask'"));

        assertThat(node.cause()).startsWith("it needs express, which the build did not install");
        assertThat(python.cause()).startsWith("it needs flask, which the build did not install");
        assertThat(node.retryable()).isFalse();
        assertThat(python.remediation()).contains("requirements.txt");
    }

    @Test
    void aTakenPortNamesTheFileAndLineThatPinIt() {
        StartupDiagnosis diagnosis = StartupDiagnosis.of(exited(1,
                "Error: listen EADDRINUSE: address already in use :::3000"), "/health", START, Optional.of(NEST));

        assertThat(diagnosis.cause()).isEqualTo("port 3000 is already in use (Error: listen EADDRINUSE: address "
                + "already in use :::3000)");
        assertThat(diagnosis.retryable()).isFalse();
        assertThat(diagnosis.remediation()).contains("pinned to port 3000 (port 3000 from src/main.ts line 8 "
                + "(await app.listen(3000)))");
    }

    @Test
    void aTakenPortIsHopelessEvenWhileTheProcessStillRuns() {
        InstanceView hanging = running(List.of(), "listen tcp :8080: bind: address already in use");

        assertThat(StartupDiagnosis.early(hanging, "/health", START, Optional.empty())).hasValueSatisfying(found ->
                assertThat(found.cause()).startsWith("port 8080 is already in use"));
        assertThat(StartupDiagnosis.early(running(List.of(), "listening soon"), "/health", START, Optional.empty()))
                .isEmpty();
    }

    @Test
    void anUnexplainedCrashOrASlowStartIsWorthARetryAndNothingElse() {
        assertThat(diagnose(exited(3, "connection to the cache refused")).retryable()).isTrue();
        assertThat(diagnose(running(List.of(new Listener("127.0.0.1", 41_234)), "booting")).retryable()).isTrue();
        assertThat(diagnose(running(List.of(), "booting")).cause())
                .isEqualTo("it opened no TCP port within its startup deadline (it was given PORT=41234)");
        assertThat(diagnose(running(List.of(), "booting")).retryable()).as("it may only start slowly").isTrue();
    }

    @Test
    void aWrongAnswerPointsAtTheHealthPath() {
        InstanceView answering = new InstanceView("r1", InstanceState.STARTING, 41_234, Optional.of(4121L), AT, 0,
                Optional.empty(), "/tmp/output.log", List.of(ProbeView.answered(AT, 404, 3)), List.of("up"), false,
                false, 1).withListening(List.of(new Listener("127.0.0.1", 41_234)));

        StartupDiagnosis diagnosis = diagnose(answering);

        assertThat(diagnosis.cause()).isEqualTo("it answers /health with HTTP 404 on 127.0.0.1:41234");
        assertThat(diagnosis.remediation()).contains("--health-path PATH");
        assertThat(diagnosis.retryable()).isFalse();
    }

    private static StartupDiagnosis diagnose(InstanceView view) {
        return StartupDiagnosis.of(view, "/health", START, Optional.empty());
    }

    private static InstanceView exited(int code, String... lines) {
        return new InstanceView("r1", InstanceState.CRASHED, 41_234, Optional.empty(), AT, 0, Optional.of(code),
                "/tmp/output.log", List.of(), List.of(lines), false, false, 1);
    }

    private static InstanceView running(List<Listener> listening, String... lines) {
        return new InstanceView("r1", InstanceState.STARTING, 41_234, Optional.of(4121L), AT, 0, Optional.empty(),
                "/tmp/output.log", List.of(), List.of(lines), false, false, 1).withListening(listening);
    }
}
