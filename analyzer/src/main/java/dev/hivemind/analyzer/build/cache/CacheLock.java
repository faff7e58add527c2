package dev.hivemind.analyzer.build.cache;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The exclusive lock on one cache entry, held by one deployment at a time across threads and processes: a
 * semaphore per lock file within this JVM (the OS lock belongs to the whole process) and an OS lock on the file
 * (released by the OS when the process dies, even by {@code kill -9}). Taking it waits for the holder, up to a limit.
 */
public final class CacheLock implements AutoCloseable {
    private static final ConcurrentMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final Duration POLL = Duration.ofMillis(100);

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} (created 0600), waiting at most {@code patience} for another holder; says so
     * on {@code progress} when it has to wait.
     *
     * @param what the entry, for the progress line and the error, e.g. {@code the cached clone of https://…}
     * @throws InfrastructureException when the lock cannot be had within {@code patience} or the file cannot be
     *                                 opened
     */
    public static CacheLock acquire(Path file, String what, Duration patience, Progress progress) {
        Path path = file.toAbsolutePath().normalize();
        Semaphore local = IN_THIS_JVM.computeIfAbsent(path, key -> new Semaphore(1));
        Instant deadline = Clock.systemUTC().instant().plus(patience);
        boolean announced = false;
        try {
            if (!local.tryAcquire()) {
                progress.line("waiting for another deployment using " + what);
                announced = true;
                if (!local.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw timedOut(path, what, patience);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(path, what, e);
        }
        try {
            return osLock(path, what, patience, deadline, announced, progress, local);
        } catch (RuntimeException failure) {
            local.release();
            throw failure;
        }
    }

    private static CacheLock osLock(Path path, String what, Duration patience, Instant deadline, boolean announced,
                                    Progress progress, Semaphore local) {
        FileChannel channel = open(path, what);
        try {
            for (FileLock lock = channel.tryLock(); ; lock = channel.tryLock()) {
                if (lock != null) {
                    return new CacheLock(local, channel, lock);
                }
                if (!announced) {
                    progress.line("waiting for another HiveMind process using " + what);
                    announced = true;
                }
                if (Clock.systemUTC().instant().isAfter(deadline)) {
                    throw timedOut(path, what, patience);
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InfrastructureException(Agent.COMPILER, "cannot lock " + path + ": " + e, "Locking " + what,
                    "Check the permissions of " + path.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw interrupted(path, what, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileChannel open(Path path, String what) {
        try {
            PrivateFiles.directory(path.getParent());
            return FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.attributes(path, PrivateFiles.FILE));
        } catch (IOException e) {
            throw new InfrastructureException(Agent.COMPILER, "cannot open the lock file " + path + ": " + e,
                    "Locking " + what, "Check the permissions of " + path.getParent(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases the OS lock too
        } finally {
            closeQuietly(channel);
            local.release();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it; the OS drops the lock with the descriptor
        }
    }

    private static InfrastructureException timedOut(Path path, String what, Duration patience) {
        return new InfrastructureException(Agent.COMPILER, "another deployment held " + path + " for more than "
                + patience.toSeconds() + " s", "Locking " + what, "Wait for the other deployment to finish (see "
                + "`hivemind status`), then run again");
    }

    private static InfrastructureException interrupted(Path path, String what, InterruptedException e) {
        return new InfrastructureException(Agent.COMPILER, "interrupted while waiting for " + path,
                "Locking " + what, "Run the deployment again", e);
    }
}
