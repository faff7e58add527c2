package dev.hivemind.analyzer.source;

import dev.hivemind.analyzer.build.cache.CacheLock;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One clone per repository URL under {@code cache/repos/}: a bare repository named by {@link GitUrls#cacheName}
 * holding the one branch that is deployed (the remote's default branch), shallow, with {@code HEAD} on it, brought up
 * to date with a fetch rather than cloned again. Every other ref is removed from it after each fetch, so a branch
 * the remote no longer deploys (its {@code HEAD} moved) or a ref left by an older HiveMind (which kept every branch
 * and tag) does not stay.
 *
 * <p>Bare, because a deployment never builds in it: each deployment clones its own {@code source/} from it (a local
 * clone that copies the objects, so the deployment does not depend on the cache staying), and a bare repository has
 * no working tree to go stale or be left half checked out. The URL is never written into it (each fetch names the
 * URL), so credentials in a URL stay out of the cache.
 *
 * <p>An entry is used under its {@link CacheLock} ({@code <name>.lock} beside it), so deployments of one URL take
 * turns. A marker file inside it says a fetch is under way: an entry that still has it after its fetch (the process
 * was killed), that cannot be opened, or whose fetch fails is discarded and cloned again, with a line saying so.
 * When the network is what failed, the clone fails too and the engine retries it as a network error.
 */
final class CloneCache {
    /** Present inside an entry while a fetch into it is under way. */
    static final String FETCHING = "hivemind-fetching";
    private static final System.Logger LOG = System.getLogger(CloneCache.class.getName());

    private final Path root;
    private final Duration patience;

    /** Fetches the remote into a cache entry; failures come out already classified. */
    @FunctionalInterface
    interface Remote {
        /**
         * Fetches the branch to deploy into {@code entry}'s ref of the same name.
         *
         * @return that ref's full name, e.g. {@code refs/heads/main}
         */
        String fetchInto(Git entry);
    }

    /**
     * @param root     the {@code cache/repos} directory (created 0700 when needed)
     * @param patience how long to wait for another deployment using an entry
     */
    CloneCache(Path root, Duration patience) {
        this.root = root.toAbsolutePath().normalize();
        this.patience = patience;
    }

    /** Where {@code url}'s clone is kept. */
    Path entry(String url) {
        return root.resolve(GitUrls.cacheName(url));
    }

    /**
     * Locks {@code url}'s entry, brings it up to date from {@code remote} (reusing it unless {@code freshStart}),
     * then gives it to {@code use} while the lock is still held.
     */
    <T> T withUpToDateEntry(String url, boolean freshStart, Progress progress, Remote remote, Function<Path, T> use) {
        Path entry = entry(url);
        String shown = GitUrls.redacted(url);
        try (CacheLock ignored = CacheLock.acquire(root.resolve(entry.getFileName() + ".lock"),
                "the cached clone of " + shown, patience, progress)) {
            update(entry, shown, freshStart, progress, remote);
            return use.apply(entry);
        }
    }

    private void update(Path entry, String shown, boolean freshStart, Progress progress, Remote remote) {
        boolean reuse = !freshStart && usable(entry, shown, progress);
        if (!reuse) {
            discard(entry, shown);
        }
        progress.line(reuse ? "fetching (cached clone) " + shown + " into " + entry
                : (freshStart ? "fresh start: cloning " + shown + " again, into the clone cache " + entry
                : "Cloning " + shown + " into the clone cache " + entry));
        try {
            fetch(entry, shown, remote);
        } catch (HiveMindException failure) {
            if (reuse) {
                String line = "the cached clone " + entry + " is broken (its fetch failed: " + failure.getMessage()
                        + "); discarding it and cloning " + shown + " again";
                LOG.log(System.Logger.Level.WARNING, line);
                progress.line(line);
                discard(entry, shown);
                fetchOrDiscard(entry, shown, remote);
                return;
            }
            discard(entry, shown);
            throw failure;
        }
    }

    private void fetchOrDiscard(Path entry, String shown, Remote remote) {
        try {
            fetch(entry, shown, remote);
        } catch (RuntimeException failure) {
            discard(entry, shown);
            throw failure;
        }
    }

    /** An entry whose last fetch finished and whose HEAD names a commit; says why when it is not. */
    private static boolean usable(Path entry, String shown, Progress progress) {
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Optional<String> broken = Files.exists(entry.resolve(FETCHING))
                ? Optional.of("a fetch into it was interrupted") : unreadable(entry);
        broken.ifPresent(why -> {
            String line = "the cached clone " + entry + " of " + shown + " is broken (" + why
                    + "); discarding it and cloning again";
            LOG.log(System.Logger.Level.WARNING, line);
            progress.line(line);
        });
        return broken.isEmpty();
    }

    private static Optional<String> unreadable(Path entry) {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(entry.toFile()).setMustExist(true)
                .build()) {
            return repository.resolve(Constants.HEAD + "^{commit}") == null
                    ? Optional.of("its HEAD names no commit") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("it cannot be read as a git repository: " + e.getMessage());
        }
    }

    private void fetch(Path entry, String shown, Remote remote) {
        try (Git git = open(entry)) {
            PrivateFiles.writeAtomically(entry.resolve(FETCHING), new byte[0], false);
            String branch = remote.fetchInto(git);
            keepOnly(git.getRepository(), branch);
            Files.delete(entry.resolve(FETCHING));
        } catch (IOException e) {
            throw new InfrastructureException(Agent.COMPILER, "cannot write the cached clone " + entry + ": " + e,
                    "Fetching " + shown + " into the clone cache", "Check the disk and the permissions of " + root
                    + "; removing " + entry + " is safe", e);
        }
    }

    private static Git open(Path entry) throws IOException {
        if (Files.exists(entry.resolve("HEAD"))) {
            return Git.open(entry.toFile());
        }
        PrivateFiles.directory(entry);
        try {
            return Git.init().setBare(true).setDirectory(entry.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot create a repository in " + entry, e);
        }
    }

    /** Points HEAD at {@code branch} and removes every other ref. */
    private static void keepOnly(Repository repository, String branch) throws IOException {
        if (repository.exactRef(branch) == null) {
            throw new IOException("the fetch left no " + branch);
        }
        RefUpdate head = repository.updateRef(Constants.HEAD);
        RefUpdate.Result linked = head.link(branch);
        if (linked != RefUpdate.Result.NEW && linked != RefUpdate.Result.FORCED
                && linked != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot point HEAD at " + branch + ": " + linked);
        }
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
            if (!ref.getName().equals(branch) && !ref.isSymbolic()) {
                RefUpdate delete = repository.updateRef(ref.getName());
                delete.setForceUpdate(true);
                RefUpdate.Result deleted = delete.delete();
                if (deleted != RefUpdate.Result.FORCED && deleted != RefUpdate.Result.NO_CHANGE) {
                    throw new IOException("cannot remove " + ref.getName() + ": " + deleted);
                }
            }
        }
    }

    private void discard(Path entry, String shown) {
        JGitWork.awaitIdle();
        try {
            PrivateFiles.deleteTree(entry);
        } catch (IOException e) {
            throw new InfrastructureException(Agent.COMPILER, "cannot remove the cached clone " + entry + ": " + e,
                    "Cloning " + shown + " into the clone cache", "Check the permissions of " + root
                    + ", or remove " + entry + " yourself", e);
        }
    }
}
