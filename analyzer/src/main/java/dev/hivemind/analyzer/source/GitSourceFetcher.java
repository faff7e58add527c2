package dev.hivemind.analyzer.source;

import dev.hivemind.analyzer.build.Directories;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Brings a source to disk: clones a git URL with JGit (its default branch only, shallow: the latest commit) into the
 * checkout directory,
 * reporting progress lines; reads a local directory in place, taking its branch and commit from the git repository
 * it belongs to, if any.
 *
 * <p>Every URL form JGit knows is cloned in-process: {@code https://}, {@code http://}, {@code git://},
 * {@code file://}, {@code ssh://} and the scp-like {@code user@host:path}. Over ssh it behaves like OpenSSH run
 * without a terminal, reading the {@link SshHome}'s {@code ~/.ssh}: the default keys or those {@code IdentityFile}
 * names, {@code config} ({@code Host} aliases, {@code HostName}, {@code Port}, {@code User}, ...) and
 * {@code known_hosts}. Host keys are checked as with {@code StrictHostKeyChecking accept-new} unless the ssh config
 * says otherwise: a server seen for the first time is trusted and recorded, as a Kamal or Heroku user's first
 * {@code git push} would after answering "yes", while a server whose key differs from the recorded one is refused
 * with an {@link InvalidInputException} naming both, since that may be an attack. Passphrase-protected keys and keys
 * held only by ssh-agent are not used (nobody can type a passphrase, and this build has no agent connector); with
 * {@code GIT_SSH} set, JGit runs that program (typically {@code ssh}) instead, as git does.
 *
 * <p>A checkout directory left over from an earlier attempt is wiped first, and a failed clone leaves none behind.
 * A host that cannot be reached gives a {@link NetworkException} (retried by the engine); a repository that does
 * not exist, is empty, refuses access or refuses every SSH key offered, and a refused host key, give an
 * {@link InvalidInputException}.
 *
 * <p>A fetcher made with {@link #cachingIn(Path)} keeps one clone per URL in a {@link CloneCache}: the first
 * deployment of a URL clones it there, later ones fetch only what is new ("fetching (cached clone)"), and each
 * deployment's checkout is a local clone of that entry. A fresh start does not read the entry: it is cloned again.
 * URLs are shown with their credentials hidden ({@link GitUrls#redacted}).
 */
public final class GitSourceFetcher implements SourceFetcher {
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CACHE_PATIENCE = Duration.ofMinutes(10);

    private final Clock clock;
    private final Duration progressInterval;
    private final Duration timeout;
    private final SshHome sshHome;
    private final Optional<CloneCache> cache;

    /** A fetcher with a 60 s network timeout, at most two progress lines a second per clone task and the user's ~/.ssh. */
    public GitSourceFetcher() {
        this(Clock.systemUTC(), PROGRESS_INTERVAL, TIMEOUT);
    }

    /** Like {@link #GitSourceFetcher(Clock, Duration, Duration, SshHome)} with the user's ~/.ssh. */
    public GitSourceFetcher(Clock clock, Duration progressInterval, Duration timeout) {
        this(clock, progressInterval, timeout, SshHome.ofUser());
    }

    /**
     * @param clock            times the progress lines
     * @param progressInterval least time between two progress lines of one clone task
     * @param timeout          how long the network may stay silent before the clone fails (whole seconds, ≥ 1 s)
     * @param sshHome          whose {@code .ssh} keys, known_hosts and config clones over ssh use
     */
    public GitSourceFetcher(Clock clock, Duration progressInterval, Duration timeout, SshHome sshHome) {
        this(clock, progressInterval, timeout, sshHome, Optional.empty());
    }

    private GitSourceFetcher(Clock clock, Duration progressInterval, Duration timeout, SshHome sshHome,
                             Optional<CloneCache> cache) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("timeout must be at least one second: " + timeout);
        }
        this.clock = clock;
        this.progressInterval = progressInterval;
        this.timeout = timeout;
        this.sshHome = sshHome;
        this.cache = cache;
    }

    /**
     * A fetcher with the defaults of {@link #GitSourceFetcher()} that keeps its clones in {@code repositories}
     * (e.g. {@code HIVEMIND_HOME/cache/repos}), waiting up to 10 minutes for another deployment of the same URL.
     */
    public static GitSourceFetcher cachingIn(Path repositories) {
        return new GitSourceFetcher().withCache(repositories, CACHE_PATIENCE);
    }

    /** This fetcher keeping its clones in {@code repositories}, waiting up to {@code patience} for each entry. */
    public GitSourceFetcher withCache(Path repositories, Duration patience) {
        return new GitSourceFetcher(clock, progressInterval, timeout, sshHome,
                Optional.of(new CloneCache(repositories, patience)));
    }

    @Override
    public FetchedSource fetch(SourceLocation source, Path checkout, Progress progress) {
        return fetch(source, checkout, progress, false);
    }

    @Override
    public FetchedSource fetch(SourceLocation source, Path checkout, Progress progress, boolean freshStart) {
        return switch (source) {
            case SourceLocation.LocalDirectory local -> read(local);
            case SourceLocation.GitUrl git -> cache.isPresent()
                    ? cachedClone(git.url(), checkout.toAbsolutePath().normalize(), progress, freshStart)
                    : clone(git.url(), checkout.toAbsolutePath().normalize(), progress);
        };
    }

    private static FetchedSource read(SourceLocation.LocalDirectory local) {
        Path directory = local.path();
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(Agent.COMPILER, "the directory " + directory + " does not exist",
                    "Reading the application in " + directory, "Pass an existing directory or a git URL");
        }
        GitReferences.Reference reference = GitReferences.ofDirectory(directory);
        return new FetchedSource(directory,
                new GitReference(local.display(), reference.branch(), reference.commit()));
    }

    private FetchedSource clone(String url, Path checkout, Progress progress) {
        wipe(checkout, url);
        try (SshSessions ssh = new SshSessions(sshHome)) {
            return clone(url, checkout, progress, ssh);
        }
    }

    /**
     * Only what a deployment needs: the default branch (the one the remote's HEAD names), at its latest commit (a
     * shallow clone of depth 1, which still gives the commit id). The progress names the URL, not the checkout's
     * temporary path.
     */
    private FetchedSource clone(String url, Path checkout, Progress progress, SshSessions ssh) {
        int seconds = (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds());
        try {
            Optional<String> branch = defaultBranch(url, ssh, seconds);
            progress.line("Cloning " + GitUrls.redacted(url) + branch.map(name -> " (branch "
                    + Repository.shortenRefName(name) + " only, its latest commit)").orElse(" (its latest commit)"));
            var command = Git.cloneRepository().setURI(url).setDirectory(checkout.toFile()).setDepth(1)
                    .setProgressMonitor(new CloneProgress(progress, clock, progressInterval)).setTimeout(seconds)
                    .setTransportConfigCallback(ssh);
            branch.ifPresent(name -> command.setCloneAllBranches(false).setBranchesToClone(List.of(name))
                    .setBranch(name));
            try (Git git = command.call()) {
                FetchedSource fetched = describe(url, checkout, git.getRepository());
                progress.line(cloned(url, fetched));
                return fetched;
            }
        } catch (GitAPIException | JGitInternalException failure) {
            wipeAfterFailure(checkout, url);
            throw Thread.currentThread().isInterrupted() ? interrupted(url, failure) : classify(url, failure, ssh);
        } catch (IOException failure) {
            wipeAfterFailure(checkout, url);
            throw new InfrastructureException(Agent.COMPILER, "cannot read the clone of " + url + " in " + checkout
                    + ": " + failure, CloneFailures.context(url), "Check the disk and the permissions of "
                    + checkout.getParent() + ", then run again", failure);
        } catch (RuntimeException failure) {
            wipeAfterFailure(checkout, url);
            throw failure;
        }
    }

    /** The branch the remote's HEAD names ({@code refs/heads/main}); empty when it names none (a detached HEAD). */
    private static Optional<String> defaultBranch(String url, SshSessions ssh, int seconds) throws GitAPIException {
        return defaultBranch(remoteRefs(url, ssh, seconds));
    }

    private static Map<String, Ref> remoteRefs(String url, SshSessions ssh, int seconds) throws GitAPIException {
        return Git.lsRemoteRepository().setRemote(url).setHeads(false).setTags(false).setTimeout(seconds)
                .setTransportConfigCallback(ssh).callAsMap();
    }

    private static Optional<String> defaultBranch(Map<String, Ref> refs) {
        Ref head = refs.get(Constants.HEAD);
        if (head == null) {
            return Optional.empty();
        }
        if (head.isSymbolic()) {
            return Optional.of(head.getTarget().getName());
        }
        return refs.values().stream().filter(ref -> ref.getName().startsWith(Constants.R_HEADS))
                .filter(ref -> head.getObjectId() != null && head.getObjectId().equals(ref.getObjectId()))
                .map(Ref::getName).sorted().findFirst();
    }

    private FetchedSource cachedClone(String url, Path checkout, Progress progress, boolean freshStart) {
        wipe(checkout, url);
        try (SshSessions ssh = new SshSessions(sshHome)) {
            return cache.orElseThrow().withUpToDateEntry(url, freshStart, progress,
                    entry -> fetchInto(entry, url, progress, ssh), mirror -> checkOut(mirror, url, checkout, progress));
        }
    }

    /**
     * Fetches the branch to deploy, and nothing else, into the cache entry at depth 1: the branch the remote's HEAD
     * names (else, for a detached HEAD, the first branch by name at HEAD's commit, else the first branch by name).
     * The commits the entry already has are what the remote leaves out, so a redeployment receives only what is new.
     */
    private String fetchInto(Git entry, String url, Progress progress, SshSessions ssh) {
        int seconds = (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds());
        try {
            Map<String, Ref> refs = remoteRefs(url, ssh, seconds);
            String branch = defaultBranch(refs).filter(refs::containsKey)
                    .or(() -> refs.keySet().stream().filter(name -> name.startsWith(Constants.R_HEADS)).sorted()
                            .findFirst())
                    .orElseThrow(() -> CloneFailures.missing(GitUrls.redacted(url),
                            "the repository is empty (it has no commit)", null));
            progress.line("fetching branch " + Repository.shortenRefName(branch) + " of " + GitUrls.redacted(url)
                    + " only, its latest commit");
            entry.fetch().setRemote(url).setRefSpecs(new RefSpec("+" + branch + ":" + branch)).setDepth(1)
                    .setTagOpt(TagOpt.NO_TAGS).setProgressMonitor(new CloneProgress(progress, clock, progressInterval))
                    .setTimeout(seconds).setTransportConfigCallback(ssh).call();
            return branch;
        } catch (GitAPIException | JGitInternalException failure) {
            throw Thread.currentThread().isInterrupted() ? interrupted(url, failure) : classify(url, failure, ssh);
        }
    }

    /**
     * A clone of the cache entry's branch at its latest commit (depth 1, as a clone without the cache) that owns its
     * objects, with {@code origin} set back to the repository's URL.
     */
    private FetchedSource checkOut(Path mirror, String url, Path checkout, Progress progress) {
        progress.line("Checking out " + GitUrls.redacted(url) + " from its cached clone " + mirror);
        try (Git git = Git.cloneRepository().setURI(mirror.toUri().toString()).setDirectory(checkout.toFile())
                .setDepth(1).setProgressMonitor(new CloneProgress(progress, clock, progressInterval)).call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("remote", "origin", "url", url);
            config.save();
            FetchedSource fetched = describe(url, checkout, git.getRepository());
            progress.line(cloned(url, fetched));
            return fetched;
        } catch (GitAPIException | JGitInternalException | IOException failure) {
            wipeAfterFailure(checkout, url);
            throw new InfrastructureException(Agent.COMPILER, "cannot check out the cached clone " + mirror
                    + " into " + checkout + ": " + failure, CloneFailures.context(GitUrls.redacted(url)),
                    "Check the disk and the permissions of " + checkout.getParent() + ", then run again with "
                    + "--fresh-start", failure);
        } catch (RuntimeException failure) {
            wipeAfterFailure(checkout, url);
            throw failure;
        }
    }

    private static String cloned(String url, FetchedSource fetched) {
        return "Cloned " + GitUrls.redacted(url) + " at " + fetched.reference().commit().orElse("?") + " ("
                + fetched.reference().branch().orElse("detached HEAD") + ")";
    }

    private static FetchedSource describe(String url, Path checkout, Repository repository) throws IOException {
        Optional<String> commit = GitReferences.commit(repository);
        if (commit.isEmpty()) {
            throw CloneFailures.missing(url, "the repository is empty (it has no commit)", null);
        }
        return new FetchedSource(checkout, new GitReference(url, GitReferences.branch(repository), commit));
    }

    /** A refused host key or login is the user's to fix; anything else is sorted by {@link CloneFailures}. */
    private HiveMindException classify(String url, Exception failure, SshSessions ssh) {
        return ssh.hostKeyRejection().<HiveMindException>map(rejection -> rejection.toException(url, failure))
                .or(() -> SshFailures.loginRefused(url, failure, sshHome))
                .orElseGet(() -> CloneFailures.classify(url, failure));
    }

    private static void wipe(Path checkout, String url) {
        try {
            if (!Directories.isMissingOrEmpty(checkout)) {
                PrivateFiles.deleteTree(checkout);
            }
        } catch (IOException e) {
            throw new InfrastructureException(Agent.COMPILER, "cannot clear the checkout directory " + checkout
                    + " left by an earlier attempt: " + e, CloneFailures.context(url),
                    "Check the permissions of " + checkout + ", or remove it yourself and run again", e);
        }
    }

    private static void wipeAfterFailure(Path checkout, String url) {
        JGitWork.awaitIdle();
        try {
            PrivateFiles.deleteTree(checkout);
        } catch (IOException e) {
            // The next attempt wipes it again before cloning and reports if that fails too.
            System.getLogger(GitSourceFetcher.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove the partial checkout " + checkout + " of " + url, e);
        }
    }

    private static NetworkException interrupted(String url, Exception failure) {
        return new NetworkException(Agent.COMPILER, "the clone of " + url + " was interrupted",
                CloneFailures.context(url), "Run the deployment again to clone from the start", failure);
    }
}
