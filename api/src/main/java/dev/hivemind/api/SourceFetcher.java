package dev.hivemind.api;

import java.nio.file.Path;

/** Brings a source to a local directory: clones a git URL, or reads a directory in place. */
public interface SourceFetcher {

    /**
     * @param source   where the code is
     * @param checkout where a clone goes (created); unused for a local directory
     * @return the directory holding the code, and its git reference
     * @throws NetworkException when the repository cannot be reached (retryable)
     * @throws InvalidInputException when the repository does not exist or is not a git repository
     */
    FetchedSource fetch(SourceLocation source, Path checkout, Progress progress);

    /**
     * Like {@link #fetch(SourceLocation, Path, Progress)}; with {@code freshStart} a fetcher that keeps a cache of
     * clones does not read it (it fetches everything from the repository again, refreshing the cache).
     */
    default FetchedSource fetch(SourceLocation source, Path checkout, Progress progress, boolean freshStart) {
        return fetch(source, checkout, progress);
    }

    /** A source on disk. */
    record FetchedSource(Path directory, GitReference reference) { }
}
