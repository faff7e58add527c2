package dev.hivemind.runtime.supervisor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A process group on Linux: signalled as a whole with {@code kill -SIG -- -PGID}; its live members are found in
 * {@code /proc} (zombies do not count, since nothing may reap them in a container).
 */
public record ProcessGroup(long id) {
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    public ProcessGroup {
        if (id <= 1) {
            throw new IllegalArgumentException("refusing to treat " + id + " as a process group");
        }
    }

    /** SIGTERM to the group, SIGKILL after {@code grace}; returns once no member is left (or gives up after 5 s more). */
    boolean terminate(Duration grace) {
        signal("TERM");
        if (awaitGone(grace)) {
            return true;
        }
        signal("KILL");
        return awaitGone(AFTER_KILL);
    }

    /** SIGKILL to whatever is left of the group. */
    public void kill() {
        if (alive()) {
            signal("KILL");
            awaitGone(AFTER_KILL);
        }
    }

    public boolean alive() {
        return !members().isEmpty();
    }

    /** The pids of the group's live (non-zombie) members. */
    public List<Long> members() {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, entry -> isNumber(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                if (isLiveMember(entry)) {
                    members.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return members;
    }

    boolean awaitGone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive();
            }
        }
        return true;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + id)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to signal process group " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isLiveMember(Path entry) {
        try {
            String stat = Files.readString(entry.resolve("stat"));
            // The command name may hold spaces and parentheses; the fields after its closing ')' do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !fields[0].equals("Z") && !fields[0].equals("X") && Long.parseLong(fields[2]) == id;
        } catch (IOException | RuntimeException e) {
            return false; // the process ended while we looked
        }
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
