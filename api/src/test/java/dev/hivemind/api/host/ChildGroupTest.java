package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildGroupTest {
    @TempDir
    Path dir;

    @Test
    void theCommandRunsInAGroupOfItsOwnWithNoStandardInput() throws Exception {
        Process process = start("ps -o pgid= -p $$; cat; echo read-nothing");

        List<String> output = output(process);

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Long.parseLong(output.getFirst().trim())).as("its process group").isEqualTo(process.pid())
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(output).endsWith("read-nothing");
    }

    @Test
    void whenTheStarterGoesAwayTheWholeGroupIsKilled() throws Exception {
        // given a command that started a background child and waits; its starter's end of the pipe is all that
        // dies with a killed JVM, so closing it is what the kernel does then
        Process process = start("sleep 300 & echo $! > child.pid; wait");
        long child = awaitPid(dir.resolve("child.pid"));

        // when the pipe closes without a word
        process.getOutputStream().close();

        // then the command and its child are gone
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("the command ended").isTrue();
        assertThat(Processes.awaitGone(child, Duration.ofSeconds(5))).as("child %d is gone", child).isTrue();
    }

    @Test
    void endKillsTheGroupAndWaitsForTheCommand() throws Exception {
        Process process = start("sleep 300 & echo $! > child.pid; exec sleep 300");
        long child = awaitPid(dir.resolve("child.pid"));

        ChildGroup.end(process);

        assertThat(process.isAlive()).isFalse();
        assertThat(Processes.awaitGone(child, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aCommandThatEndedNormallyLeavesWhatItStartedRunning() throws Exception {
        Process process = start("sleep 300 & echo $! > child.pid; echo done");
        long child = awaitPid(dir.resolve("child.pid"));
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Thread.sleep(300);

        assertThat(Processes.alive(child)).as("the background child %d still runs", child).isTrue();
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void theExitCodeIsTheCommandsOwn() throws Exception {
        Process process = start("exit 7");

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(7);
    }

    @Test
    void aMissingExecutableCannotStart() {
        assertThatThrownBy(() -> ChildGroup.start(List.of(dir.resolve("missing").toString()), dir, builder -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> ChildGroup.start(List.of("no-such-command-anywhere"), dir, builder -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-command-anywhere");
    }

    @Test
    void aTimedOutCommandOfProcessRunnerTakesItsWholeGroupWithIt() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        ProcessRunner.Outcome outcome = ProcessRunner.run(List.of("/bin/sh", "-c",
                        "sleep 300 & echo $! > child.pid; sleep 300"), dir, Map.of(), lines::add,
                ProcessRunner.Options.defaults().withTimeout(Duration.ofSeconds(1)).inOwnGroup());

        assertThat(outcome.timedOut()).isTrue();
        long child = awaitPid(dir.resolve("child.pid"));
        assertThat(Processes.awaitGone(child, Duration.ofSeconds(5))).isTrue();
    }

    private Process start(String script) throws IOException {
        return ChildGroup.start(List.of("/bin/sh", "-c", script), dir, builder -> builder.redirectErrorStream(true));
    }

    private static List<String> output(Process process) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    private static long awaitPid(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!(Files.exists(file) && Files.readString(file).endsWith("\n"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(file + " was not written");
            }
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(file).trim());
    }
}
