package dev.hivemind.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The lock that lets one deployment, rollback or destroy at a time work on an app: {@code apps/<app>/lock}, held with
 * an OS file lock (so the OS releases it when the process dies, even by {@code kill -9}) and holding a JSON body
 * naming the holder: {@code {"deployment_id", "command", "pid", "process_started_at", "acquired_at"}}.
 */
public final class AppLock implements AutoCloseable {
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /**
     * Locks this JVM holds. The OS lock is per process, and closing any descriptor of the file drops it, so a
     * second attempt from this JVM is refused here without opening the file at all.
     */
    private static final ConcurrentMap<Path, Holder> HELD = new ConcurrentHashMap<>();
    /** Guards opening lock files in this JVM, so that reading a holder never closes a descriptor of a lock taken. */
    private static final Object FILES = new Object();
    /**
     * How long a refused process waits for the holder's body: a holder that has just taken the lock writes it
     * right after, and two deploys started together meet in that moment.
     */
    private static final Duration HOLDER_WAIT = Duration.ofSeconds(2);
    private static final Duration HOLDER_POLL = Duration.ofMillis(20);

    private final Path path;
    private final Holder holder;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    /**
     * Who holds a lock: a deployment's run, or a command working on the app as a whole ({@code hivemind rollback
     * shop}); its process, when that process started (so a recycled pid is not taken for the holder), and since when
     * it holds it.
     */
    public record Holder(Optional<String> deploymentId, Optional<String> command, long pid,
                         Optional<Instant> processStartedAt, Instant acquiredAt) {
        public Holder {
            deploymentId = deploymentId == null ? Optional.empty() : deploymentId;
            command = command == null ? Optional.empty() : command;
            processStartedAt = processStartedAt == null ? Optional.empty() : processStartedAt;
            Objects.requireNonNull(acquiredAt, "acquiredAt");
            if (deploymentId.isEmpty() && command.isEmpty()) {
                throw new IllegalArgumentException("a lock holder is a deployment or a command");
            }
        }

        private static Holder current(Optional<String> deploymentId, Optional<String> command, Clock clock) {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(deploymentId, command, self.pid(), self.info().startInstant(), clock.instant());
        }

        /** {@code deployment ID} or the command, as messages name it. */
        public String describe() {
            return deploymentId.map(id -> "deployment " + id).orElseGet(() -> "`" + command.orElseThrow() + "`");
        }

        /** Whether its process still runs: the pid is alive and, when recorded, started when it did. */
        boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> processStartedAt.isEmpty() || process.info().startInstant().isEmpty()
                            || process.info().startInstant().equals(processStartedAt))
                    .isPresent();
        }
    }

    private AppLock(Path path, Holder holder, FileChannel channel, FileLock lock) {
        this.path = path;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the app's lock for a run of {@code deploymentId}, or fails at once.
     *
     * @throws LockedException when another deployment or command (in this or another process) holds it
     */
    public static AppLock acquire(HivemindHome home, String app, String deploymentId, Clock clock) {
        return acquire(home, app, Holder.current(Optional.of(deploymentId), Optional.empty(), clock));
    }

    /**
     * Takes the app's lock for a command that changes the app as a whole ({@code hivemind rollback shop}, {@code
     * hivemind destroy shop}), or fails at once.
     *
     * @throws LockedException when a deployment or another command (in this or another process) holds it
     */
    public static AppLock acquireForCommand(HivemindHome home, String app, String command, Clock clock) {
        return acquire(home, app, Holder.current(Optional.empty(), Optional.of(command), clock));
    }

    private static AppLock acquire(HivemindHome home, String app, Holder mine) {
        Path path = home.app(requireAppName(app)).resolve("lock");
        Holder existing = HELD.putIfAbsent(path, mine);
        if (existing != null) {
            throw locked(app, mine, Optional.of(existing));
        }
        try {
            synchronized (FILES) {
                return lock(path, app, mine);
            }
        } catch (RuntimeException failure) {
            HELD.remove(path, mine);
            throw failure;
        }
    }

    /**
     * Who holds the app's lock now, read without taking it (taking it, even briefly, could refuse a deploy starting at
     * that moment): empty when it is free, or when the process its body names is gone (killed: the OS released its
     * lock and nobody took it since).
     */
    public static Optional<Holder> holder(HivemindHome home, String app) {
        Path path = home.app(requireAppName(app)).resolve("lock");
        synchronized (FILES) {
            Holder mine = HELD.get(path);
            if (mine != null) {
                return Optional.of(mine);
            }
            try {
                return parse(Files.readString(path, StandardCharsets.UTF_8)).filter(Holder::alive);
            } catch (NoSuchFileException never) {
                return Optional.empty();
            } catch (IOException error) {
                throw IoErrors.failure("read the lock", path, error);
            }
        }
    }

    public Path path() {
        return path;
    }

    public Holder holder() {
        return holder;
    }

    /** Releases the lock; the file stays (deleting it would let two processes lock different files). */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        // an interrupted thread's channel operations fail; the lock must still be released, so the flag waits
        boolean interrupted = Thread.interrupted();
        try (channel) {
            channel.truncate(0);
            lock.release();
        } catch (IOException error) {
            throw IoErrors.failure("release the lock", path, error);
        } finally {
            HELD.remove(path, holder);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static AppLock lock(Path path, String app, Holder mine) {
        byte[] body = body(mine); // before the lock: the first use of Jackson for a holder takes a while
        FileChannel channel;
        try {
            channel = PrivateFiles.openForLocking(path);
        } catch (IOException error) {
            throw IoErrors.failure("open the lock", path, error);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw locked(app, mine, awaitHolder(channel));
            }
            writeHolder(channel, body);
            return new AppLock(path, mine, channel, lock);
        } catch (IOException error) {
            closeQuietly(channel);
            throw IoErrors.failure("lock", path, error);
        } catch (RuntimeException failure) {
            closeQuietly(channel);
            throw failure;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static byte[] body(Holder holder) {
        try {
            return (StateJson.MAPPER.writeValueAsString(holder) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the lock holder " + holder, e);
        }
    }

    private static void writeHolder(FileChannel channel, byte[] body) throws IOException {
        channel.truncate(0);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        long position = 0;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(false);
    }

    /** The holder's body, waited for up to {@link #HOLDER_WAIT} while it is still empty or half-written. */
    private static Optional<Holder> awaitHolder(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + HOLDER_WAIT.toNanos();
        Optional<Holder> holder = readHolder(channel);
        while (holder.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(HOLDER_POLL);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return holder;
            }
            holder = readHolder(channel);
        }
        return holder;
    }

    /** Reads the body through the channel already open: opening another descriptor could drop a lock. */
    private static Optional<Holder> readHolder(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 64 * 1024);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        int read;
        do {
            read = channel.read(buffer, buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        return parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }

    /** The holder a body names; empty when blank (released) or half-written. */
    private static Optional<Holder> parse(String body) {
        try {
            return body.isBlank() ? Optional.empty() : Optional.of(StateJson.MAPPER.readValue(body, Holder.class));
        } catch (JsonProcessingException halfWritten) {
            return Optional.empty();
        }
    }

    private static LockedException locked(String app, Holder mine, Optional<Holder> holder) {
        String context = "Locking app '" + app + "' for " + mine.describe();
        return holder.map(h -> new LockedException(Agent.CONDUCTOR,
                        "app '" + app + "' is locked by " + h.describe() + " (pid " + h.pid() + ", since "
                                + h.acquiredAt() + ")",
                        context, h.deploymentId().map(id -> "Wait for it to finish, or check `hivemind status " + id
                                + "`").orElseGet(() -> "Wait for it to finish (it takes seconds), then run this "
                                + "command again; `hivemind status " + app + "` shows the app")))
                .orElseGet(() -> new LockedException(Agent.CONDUCTOR,
                        "app '" + app + "' is locked by another HiveMind process", context,
                        "Wait for it to finish, or check `hivemind status`"));
    }

    private static String requireAppName(String app) {
        if (!APP_NAME.matcher(app).matches()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "'" + app + "' is not a valid app name",
                    "Locking an app for a deployment",
                    "Use lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit");
        }
        return app;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the original failure is what matters to the caller
        }
    }
}
