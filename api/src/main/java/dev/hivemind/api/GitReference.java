package dev.hivemind.api;

import java.util.Objects;
import java.util.Optional;

/** Where the deployed source came from: the repository, its branch and commit (absent for a plain directory). */
public record GitReference(String repository, Optional<String> branch, Optional<String> commit) {
    public GitReference {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(commit, "commit");
    }
}
