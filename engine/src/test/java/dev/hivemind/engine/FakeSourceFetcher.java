package dev.hivemind.engine;

import dev.hivemind.api.GitReference;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.state.StageName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a local directory in place; "clones" a git URL by writing an app into the checkout directory. */
final class FakeSourceFetcher implements SourceFetcher {
    private final Faults faults;
    private final List<Boolean> freshStarts = new CopyOnWriteArrayList<>();

    FakeSourceFetcher(Faults faults) {
        this.faults = faults;
    }

    /** The fresh-start flag of every fetch, in order. */
    List<Boolean> freshStarts() {
        return List.copyOf(freshStarts);
    }

    @Override
    public FetchedSource fetch(SourceLocation source, Path checkout, Progress progress, boolean freshStart) {
        freshStarts.add(freshStart);
        return fetch(source, checkout, progress);
    }

    @Override
    public FetchedSource fetch(SourceLocation source, Path checkout, Progress progress) {
        faults.raise(StageName.ANALYZE);
        return switch (source) {
            case SourceLocation.LocalDirectory local -> new FetchedSource(local.path(),
                    new GitReference(local.path().toString(), Optional.empty(), Optional.empty()));
            case SourceLocation.GitUrl git -> clone(git, checkout, progress);
        };
    }

    private static FetchedSource clone(SourceLocation.GitUrl git, Path checkout, Progress progress) {
        progress.line("Cloning " + git.url() + " into " + checkout);
        try {
            Files.createDirectories(checkout);
            Files.writeString(checkout.resolve("package.json"), "{\"name\":\"cloned\"}");
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        progress.line("Receiving objects: 100% (3/3), done.");
        return new FetchedSource(checkout, new GitReference(git.url(), Optional.of("main"),
                Optional.of("0123456789abcdef0123456789abcdef01234567")));
    }
}
