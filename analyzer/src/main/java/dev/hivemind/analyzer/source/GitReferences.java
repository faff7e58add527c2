package dev.hivemind.analyzer.source;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Reads the branch and commit a repository's HEAD is on, without changing anything in it. */
final class GitReferences {
    private static final System.Logger LOG = System.getLogger(GitReferences.class.getName());

    private GitReferences() {
    }

    /** The branch HEAD names, empty for a detached HEAD. */
    static Optional<String> branch(Repository repository) throws IOException {
        String full = repository.getFullBranch();
        return full != null && full.startsWith(Constants.R_HEADS)
                ? Optional.of(Repository.shortenRefName(full))
                : Optional.empty();
    }

    /** The commit HEAD resolves to, empty while the repository has no commit. */
    static Optional<String> commit(Repository repository) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD);
        return Optional.ofNullable(head).map(ObjectId::name);
    }

    /** The reference of the repository {@code directory} belongs to (it or a parent), or empty when it is none. */
    static Reference ofDirectory(Path directory) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(directory.toFile());
        File gitDir = builder.getGitDir();
        if (gitDir == null) {
            return Reference.NONE;
        }
        try (Repository repository = builder.setMustExist(true).build()) {
            return new Reference(branch(repository), commit(repository));
        } catch (IOException | RuntimeException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the git repository at " + gitDir
                    + "; recording the directory without branch and commit", unreadable);
            return Reference.NONE;
        }
    }

    /** A branch and commit, each possibly unknown. */
    record Reference(Optional<String> branch, Optional<String> commit) {
        static final Reference NONE = new Reference(Optional.empty(), Optional.empty());
    }
}
