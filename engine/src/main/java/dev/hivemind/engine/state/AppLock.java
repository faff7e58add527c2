package dev.hivemind.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.host.HivemindHome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
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
 * The lock that lets one deployment at a time work on an app: {@code apps/<app>/lock}, held with an OS file lock
 * (so the OS releases it when the process dies, even by {@code kill -9}) and holding a JSON body naming the
 * holder: {@code {"deployment_id", "pid", "acquired_at"}}.
 */
public final class AppLock implements AutoCloseable {
    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /**
     * Locks this JVM holds. The OS lock is per process, and closing any descriptor of the file drops it, so a
     * second attempt from this JVM is refused here without opening the file at all.
     */
    private static final ConcurrentMap<Path, Holder> HELD = new ConcurrentHashMap<>();
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

    /** Who holds a lock: the deployment, its process, and since when. */
    public record Holder(String deploymentId, long pid, Instant acquiredAt) {
        public Holder {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(acquiredAt, "acquiredAt");
        }
    }

    private AppLock(Path path, Holder holder, FileChannel channel, FileLock lock) {
        this.path = path;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the app's lock for {@code deploymentId}, or fails at once.
     *
     * @throws LockedException when another deployment (in this or another process) holds it
     */
    public static AppLock acquire(HivemindHome home, String app, String deploymentId, Clock clock) {
        Path path = home.app(requireAppName(app)).resolve("lock");
        Holder mine = new Holder(deploymentId, ProcessHandle.current().pid(), clock.instant());
        Holder existing = HELD.putIfAbsent(path, mine);
        if (existing != null) {
            throw locked(app, deploymentId, Optional.of(existing));
        }
        try {
            return lock(path, app, mine);
        } catch (RuntimeException failure) {
            HELD.remove(path, mine);
            throw failure;
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
            throw SecureFiles.failure("release the lock", path, error);
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
            channel = SecureFiles.openForLocking(path);
        } catch (IOException error) {
            throw SecureFiles.failure("open the lock", path, error);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw locked(app, mine.deploymentId(), awaitHolder(channel));
            }
            writeHolder(channel, body);
            return new AppLock(path, mine, channel, lock);
        } catch (IOException error) {
            closeQuietly(channel);
            throw SecureFiles.failure("lock", path, error);
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
        String body = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        try {
            return body.isBlank() ? Optional.empty() : Optional.of(StateJson.MAPPER.readValue(body, Holder.class));
        } catch (JsonProcessingException halfWritten) {
            return Optional.empty();
        }
    }

    private static LockedException locked(String app, String deploymentId, Optional<Holder> holder) {
        String context = "Locking app '" + app + "' for deployment " + deploymentId;
        return holder.map(h -> new LockedException(Agent.CONDUCTOR,
                        "app '" + app + "' is locked by deployment " + h.deploymentId() + " (pid " + h.pid()
                                + ", since " + h.acquiredAt() + ")",
                        context, "Wait for it to finish, or check `hivemind status " + h.deploymentId() + "`"))
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
