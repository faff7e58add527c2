package dev.hivemind.cli;

import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A git source cloned into a temporary directory for a command that only reads it, and removed afterwards; an error
 * about the clone, and its progress, names the URL, not the temporary directory.
 */
public final class TemporaryClone {

    private TemporaryClone() {
    }

    /**
     * @param prefix the temporary directory's name prefix, e.g. {@code hivemind-analyze-}
     * @param use    what to do with the clone's root directory
     */
    public static <T> T read(Invocation invocation, SourceFetcher fetcher, SourceLocation.GitUrl git, String prefix,
                      Function<Path, T> use) {
        Path checkout;
        try {
            checkout = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the clone", e);
        }
        try {
            Style style = new Style(invocation.styled());
            Progress progress = line -> invocation.err().println(style.dim(line));
            Path root = fetcher.fetch(git, checkout.resolve("source"), progress).directory();
            try {
                return use.apply(root);
            } catch (InvalidInputException error) {
                throw error.showing(root, git.redacted());
            }
        } finally {
            try {
                PrivateFiles.deleteTree(checkout);
            } catch (IOException e) {
                invocation.err().println("Could not remove the temporary clone " + checkout + ": " + e.getMessage());
            }
        }
    }
}
