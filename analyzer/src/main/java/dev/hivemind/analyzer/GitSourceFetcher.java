package dev.hivemind.analyzer;

import dev.hivemind.api.Agent;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.InfrastructureException;
import dev.hivemind.api.InvalidInputException;
import dev.hivemind.api.NetworkException;
import dev.hivemind.api.PreflightException;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.SourceLocation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.SystemReader;

/**
 * Brings a source to disk: clones a git URL with JGit (default branch, full history) into the checkout directory,
 * reporting progress lines; reads a local directory in place, taking its branch and commit from the git repository
 * it belongs to, if any.
 *
 * <p>A checkout directory left over from an earlier attempt is wiped first, and a failed clone leaves none behind.
 * A host that cannot be reached gives a {@link NetworkException} (retried by the engine); a repository that does
 * not exist, is empty or refuses access gives an {@link InvalidInputException}.
 */
public final class GitSourceFetcher implements SourceFetcher {
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> SSH_SCHEMES = Set.of("ssh", "git+ssh", "ssh+git");

    private final Clock clock;
    private final Duration progressInterval;
    private final Duration timeout;

    /** A fetcher with a 60 s network timeout and at most two progress lines a second per clone task. */
    public GitSourceFetcher() {
        this(Clock.systemUTC(), PROGRESS_INTERVAL, TIMEOUT);
    }

    /**
     * @param clock            times the progress lines
     * @param progressInterval least time between two progress lines of one clone task
     * @param timeout          how long the network may stay silent before the clone fails (whole seconds, ≥ 1 s)
     */
    public GitSourceFetcher(Clock clock, Duration progressInterval, Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("timeout must be at least one second: " + timeout);
        }
        this.clock = clock;
        this.progressInterval = progressInterval;
        this.timeout = timeout;
    }

    @Override
    public FetchedSource fetch(SourceLocation source, Path checkout, Progress progress) {
        return switch (source) {
            case SourceLocation.LocalDirectory local -> read(local);
            case SourceLocation.GitUrl git -> clone(git.url(), checkout.toAbsolutePath().normalize(), progress);
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
        requireSshClient(url);
        wipe(checkout, url);
        progress.line("Cloning " + url + " into " + checkout);
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(checkout.toFile())
                .setProgressMonitor(new CloneProgress(progress, clock, progressInterval))
                .setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())).call()) {
            FetchedSource fetched = describe(url, checkout, git.getRepository());
            progress.line("Cloned " + url + " at " + fetched.reference().commit().orElse("?") + " ("
                    + fetched.reference().branch().orElse("detached HEAD") + ")");
            return fetched;
        } catch (GitAPIException | JGitInternalException failure) {
            wipeAfterFailure(checkout, url);
            throw Thread.currentThread().isInterrupted() ? interrupted(url, failure)
                    : CloneFailures.classify(url, failure);
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

    private static FetchedSource describe(String url, Path checkout, Repository repository) throws IOException {
        Optional<String> commit = GitReferences.commit(repository);
        if (commit.isEmpty()) {
            throw CloneFailures.missing(url, "the repository is empty (it has no commit)", null);
        }
        return new FetchedSource(checkout, new GitReference(url, GitReferences.branch(repository), commit));
    }

    /** JGit without an SSH library on the class path can still use the system's ssh client when GIT_SSH names it. */
    private static void requireSshClient(String url) {
        if (!isSsh(url) || SshSessionFactory.getInstance() != null
                || SystemReader.getInstance().getenv("GIT_SSH") != null) {
            return;
        }
        throw new PreflightException(Agent.COMPILER, "cannot clone " + url
                + ": this HiveMind build has no SSH transport for JGit and GIT_SSH is not set",
                CloneFailures.context(url),
                "Set GIT_SSH=ssh to clone through this machine's OpenSSH client, or use an https:// or git:// URL");
    }

    static boolean isSsh(String url) {
        try {
            URIish uri = new URIish(url);
            String scheme = uri.getScheme();
            return scheme == null ? uri.getHost() != null : SSH_SCHEMES.contains(scheme);
        } catch (URISyntaxException notGit) {
            return false;
        }
    }

    private static void wipe(Path checkout, String url) {
        try {
            if (!Directories.isMissingOrEmpty(checkout)) {
                Directories.deleteRecursively(checkout);
            }
        } catch (IOException e) {
            throw new InfrastructureException(Agent.COMPILER, "cannot clear the checkout directory " + checkout
                    + " left by an earlier attempt: " + e, CloneFailures.context(url),
                    "Check the permissions of " + checkout + ", or remove it yourself and run again", e);
        }
    }

    private static void wipeAfterFailure(Path checkout, String url) {
        try {
            Directories.deleteRecursively(checkout);
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
