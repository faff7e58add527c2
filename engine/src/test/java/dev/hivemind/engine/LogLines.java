package dev.hivemind.engine;

import dev.hivemind.api.state.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The lines of a {@code logs.txt}, parsed back; continuation lines (indented details) are left out. */
public record LogLines(Instant timestamp, String agent, String level, String firstLine) {

    public static List<LogLines> read(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.startsWith(" ")).map(LogLines::parse)
                    .toList();
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    /** How {@code entry} appears in the file. */
    static LogLines of(LogEntry entry) {
        String message = entry.message().strip().replace("\r\n", "\n");
        int end = message.indexOf('\n');
        return new LogLines(entry.timestamp(), entry.agent().displayName(), entry.level().toString(),
                end < 0 ? message : message.substring(0, end));
    }

    private static LogLines parse(String line) {
        int afterTime = line.indexOf(' ');
        int afterAgent = line.indexOf("] ", afterTime);
        int afterLevel = line.indexOf(' ', afterAgent + 2);
        return new LogLines(Instant.parse(line.substring(0, afterTime)), line.substring(afterTime + 2, afterAgent),
                line.substring(afterAgent + 2, afterLevel), line.substring(afterLevel + 1));
    }
}
