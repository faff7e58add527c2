package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The right to be a home's agent: a lock on {@code agent/agent.lock} held for as long as the agent serves. The kernel
 * lets it go the instant the agent's process dies, however it dies, so an agent standing by ({@link #await}) takes
 * over at once, without polling, and two agents never serve one home.
 */
final class AgentLock implements AutoCloseable {
    /**
     * The lock files this process holds: closing any channel of a locked file would release the process's lock on it
     * (POSIX record locks belong to the process), so a second agent in this process is refused without opening one.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock when no other agent holds it (in this process or another), else empty. */
    static Optional<AgentLock> tryTake(HivemindHome home) {
        if (!HELD.add(file(home))) {
            return Optional.empty();
        }
        FileChannel channel = openHeld(home);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new AgentLock(file(home), channel, lock));
            }
        } catch (IOException e) {
            HELD.remove(file(home));
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file(home) + ": " + e.getMessage(), e);
        }
        HELD.remove(file(home));
        closeQuietly(channel);
        return Optional.empty();
    }

    /** Waits until the agent holding the lock is gone (its process ended or it stopped), then takes it. */
    static AgentLock await(HivemindHome home) {
        if (!HELD.add(file(home))) {
            throw new IllegalStateException("an agent of this process already serves " + home.root());
        }
        FileChannel channel = openHeld(home);
        try {
            return new AgentLock(file(home), channel, channel.lock());
        } catch (IOException e) {
            HELD.remove(file(home));
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file(home) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
        HELD.remove(file);
    }

    static Path file(HivemindHome home) {
        return home.agent().resolve("agent.lock");
    }

    /** Opens the lock file, which {@link #HELD} already names; forgets it there when that fails. */
    private static FileChannel openHeld(HivemindHome home) {
        try {
            return open(home);
        } catch (RuntimeException e) {
            HELD.remove(file(home));
            throw e;
        }
    }

    private static FileChannel open(HivemindHome home) {
        Path file = AgentFiles.file(file(home));
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }
}
