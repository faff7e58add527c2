package dev.hivemind.analyzer.source;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.lib.internal.WorkQueue;

/**
 * JGit's background work: after a fetch it may start an automatic {@code git gc} on its one-thread work queue. A
 * clone that failed is deleted at once; deleting it under that gc made JGit log an error with its stack trace on the
 * console ("Unlocking LockFile .../gc.log.lock failed"). Waiting for the queue first keeps the console clean.
 */
final class JGitWork {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private JGitWork() {
    }

    /** Waits (at most 10 s) until the work JGit queued before this call is done. */
    static void awaitIdle() {
        try {
            WorkQueue.getExecutor().submit(() -> { }).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the queue is busy or broken: delete anyway; the next run wipes what is left
        }
    }
}
