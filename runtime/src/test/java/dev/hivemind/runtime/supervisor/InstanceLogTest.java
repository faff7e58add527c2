package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLogTest {
    private static final LogPolicy SMALL = new LogPolicy(100, 3, Duration.ofSeconds(1));

    @TempDir
    Path temp;

    @Test
    void aSmallLogIsLeftAlone() throws Exception {
        InstanceLog log = new InstanceLog(temp.resolve("app/r1/output.log")).prepare();
        Files.writeString(log.file(), "short\n");

        assertThat(log.rotateIfNeeded(SMALL)).isFalse();
        assertThat(log.rotated(1)).doesNotExist();
    }

    @Test
    void aFullLogIsCopiedAndTruncatedAndOldCopiesShiftUpToTheKeepCount() throws Exception {
        // given a log that fills up five times
        InstanceLog log = new InstanceLog(temp.resolve("output.log")).prepare();
        for (int round = 1; round <= 5; round++) {
            Files.writeString(log.file(), ("round " + round + "\n").repeat(20), StandardOpenOption.APPEND);

            // when it is checked
            assertThat(log.rotateIfNeeded(SMALL)).isTrue();
        }

        // then the newest three copies are kept, newest first, and the log itself is empty and still private
        assertThat(Files.size(log.file())).isZero();
        assertThat(Files.readString(log.rotated(1))).startsWith("round 5");
        assertThat(Files.readString(log.rotated(2))).startsWith("round 4");
        assertThat(Files.readString(log.rotated(3))).startsWith("round 3");
        assertThat(log.rotated(4)).doesNotExist();
        for (Path file : new Path[] {log.file(), log.rotated(1), log.rotated(3)}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void theLastLinesReachIntoTheNewestOldFile() throws Exception {
        InstanceLog log = new InstanceLog(temp.resolve("output.log")).prepare();
        Files.writeString(log.rotated(1), lines(1, 30));
        Files.writeString(log.file(), lines(31, 35));

        assertThat(log.lastLines(8)).containsExactly("line 28", "line 29", "line 30", "line 31", "line 32", "line 33",
                "line 34", "line 35");
        assertThat(log.lastLines(3)).containsExactly("line 33", "line 34", "line 35");
    }

    @Test
    void aHugeLogIsReadFromItsEndWithoutAHalfLine() throws Exception {
        InstanceLog log = new InstanceLog(temp.resolve("output.log")).prepare();
        Files.writeString(log.file(), lines(1, 20_000));

        assertThat(log.lastLines(20)).hasSize(20).endsWith("line 20000").startsWith("line 19981");
        assertThat(new InstanceLog(temp.resolve("none.log")).lastLines(20)).isEmpty();
    }

    @Test
    void notesOfTheAgentAreMarked() throws Exception {
        InstanceLog log = new InstanceLog(temp.resolve("output.log")).prepare();

        log.note("started release r1");

        assertThat(log.lastLines(1)).containsExactly("[hivemind] started release r1");
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
    }
}
