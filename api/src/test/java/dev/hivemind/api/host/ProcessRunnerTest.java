package dev.hivemind.api.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void streamsStandardOutputAndErrorInOrderAndReturnsTheExitCode() throws Exception {
        ProcessRunner.Outcome outcome = ProcessRunner.run(
                List.of("/bin/sh", "-c", "echo one; echo two >&2; echo \"$GREETING\"; exit 3"), dir,
                Map.of("GREETING", "hello"), lines::add);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(lines).containsExactly("one", "two", "hello");
        assertThat(outcome.tail()).containsExactly("one", "two", "hello");
    }

    @Test
    void runsInTheGivenDirectory() throws Exception {
        ProcessRunner.run(List.of("/bin/sh", "-c", "pwd"), dir, Map.of(), lines::add);

        assertThat(lines).containsExactly(dir.toRealPath().toString());
    }

    @Test
    void keepsTheLastFortyLines() throws Exception {
        ProcessRunner.Outcome outcome = ProcessRunner.run(
                List.of("/bin/sh", "-c", "i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done"), dir,
                Map.of(), lines::add);

        assertThat(lines).hasSize(100);
        assertThat(outcome.tail()).hasSize(ProcessRunner.TAIL_LINES).startsWith("line 61").endsWith("line 100");
    }

    @Test
    void passesLinesOnAsTheyComeNotAtTheEnd() throws Exception {
        CountDownLatch firstLine = new CountDownLatch(1);
        AtomicReference<Instant> seen = new AtomicReference<>();
        Instant started = Instant.now();

        ProcessRunner.run(List.of("/bin/sh", "-c", "echo early; sleep 2; echo late"), dir, Map.of(), line -> {
            if (line.equals("early")) {
                seen.set(Instant.now());
                firstLine.countDown();
            }
        });

        assertThat(firstLine.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.between(started, seen.get())).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void killsTheCommandAndItsChildrenWhenInterrupted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                ProcessRunner.run(List.of("/bin/sh", "-c", "sleep 60 & echo $! > child.pid; wait"), dir, Map.of(),
                        lines::add);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitFile(pidFile);
        long child = Long.parseLong(Files.readString(pidFile).trim());

        runner.interrupt();
        runner.join(Duration.ofSeconds(10));

        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(awaitGone(child)).as("child process %d is gone", child).isTrue();
    }

    @Test
    void reportsACommandThatCannotStart() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of(dir.resolve("missing").toString()), dir, Map.of(),
                lines::add)).isInstanceOf(IOException.class);
    }

    private static boolean awaitGone(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void awaitFile(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!(Files.exists(file) && !Files.readString(file).isBlank()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }
}
