package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.agent.AgentFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An instance's {@code output.log}: the process appends to it directly; the agent rotates it by copy-truncate
 * ({@code output.log.1} is the newest old file) and reads its last lines.
 */
public record InstanceLog(Path file) {
    private static final int TAIL_BYTES = 64 * 1024;

    /** Creates the file (0600) and its directory (0700). */
    InstanceLog prepare() {
        AgentFiles.file(file);
        return this;
    }

    Path rotated(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }

    /** Rotates when the file has reached {@code policy.maxBytes()}; returns whether it did. */
    boolean rotateIfNeeded(LogPolicy policy) {
        try {
            if (!Files.exists(file) || Files.size(file) < policy.maxBytes()) {
                return false;
            }
            Files.deleteIfExists(rotated(policy.keep()));
            for (int generation = policy.keep() - 1; generation >= 1; generation--) {
                if (Files.exists(rotated(generation))) {
                    Files.move(rotated(generation), rotated(generation + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(file, rotated(1), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code count} lines, reaching into {@code output.log.1} when the current file has fewer. */
    public List<String> lastLines(int count) {
        List<String> lines = tail(file, count);
        if (lines.size() < count) {
            List<String> older = tail(rotated(1), count - lines.size());
            older.addAll(lines);
            lines = older;
        }
        return lines;
    }

    /** Appends a line of the agent's own (start, exit, restart) so the log tells the instance's story. */
    void note(String line) {
        try {
            Files.writeString(file, "[hivemind] " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> tail(Path file, int count) {
        if (count <= 0 || !Files.exists(file)) {
            return new ArrayList<>();
        }
        try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long length = reader.length();
            long start = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            reader.seek(start);
            reader.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return new ArrayList<>();
            }
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\\R")));
            if (start > 0) {
                lines.removeFirst(); // probably cut in the middle
            }
            return new ArrayList<>(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return new ArrayList<>(); // rotated away while we read; the next view will show it
        }
    }
}
