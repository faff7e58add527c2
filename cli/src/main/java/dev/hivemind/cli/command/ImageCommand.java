package dev.hivemind.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.config.ProjectConfig;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.engine.stage.AppSource;
import dev.hivemind.target.kubernetes.image.BaseImage;
import dev.hivemind.target.kubernetes.image.Entrypoint;
import dev.hivemind.target.kubernetes.image.ImageDestination;
import dev.hivemind.target.kubernetes.image.ImageRequest;
import dev.hivemind.target.kubernetes.image.OciImageBuilder;
import dev.hivemind.target.kubernetes.image.PushedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind image SOURCE --registry HOST[:PORT]/REPO}: builds the app as {@code deploy}'s build stage does
 * (with the same build cache), makes an OCI image of the artifact without Docker and pushes it; prints the pushed
 * reference with its digest. The registry, tag and base are checked before anything is cloned or built. A git
 * source is cloned into a temporary directory, removed afterwards, and its commit is the default tag.
 */
@Command(name = "image", description = "Build an OCI image of the app in SOURCE (no Docker needed) and push it "
        + "to a registry.")
public final class ImageCommand implements Callable<Integer>, WritesHome {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int DEFAULT_PORT = 8080;

    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A directory or a git URL.")
    String source;

    @Option(names = "--registry", required = true, paramLabel = "HOST[:PORT]/REPO",
            description = "Where to push, e.g. registry.example.com/team/shop.")
    String registry;

    @Option(names = "--tag", paramLabel = "TAG", description = "The tag (default: the source's commit, first 12 "
            + "characters, or latest for a directory outside git).")
    Optional<String> tag;

    @Option(names = "--base", paramLabel = "IMAGE", description = "The base image (default: image.base in "
            + "hivemind.yaml, else the stack's; scratch for none).")
    Optional<String> base;

    @Option(names = "--app-dir", paramLabel = "DIR", description = "The sub-directory that holds the app.")
    Optional<String> appDir;

    @Option(names = "--insecure-registry", description = "Allow registries over plain HTTP or with a certificate "
            + "this machine does not trust.")
    boolean insecure;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    ImageCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        ImageDestination.parse(registry, tag.orElse("latest"));
        Optional<BaseImage> chosen = base.map(reference -> new BaseImage(reference, "--base"));
        chosen.ifPresent(OciImageBuilder::check);
        SourceLocation location = SourceLocation.parse(source, invocation.workingDirectory());
        Wiring wiring = new Wiring(invocation);
        Path work = temporaryDirectory(wiring);
        try {
            FetchedSource fetched = wiring.fetcher().fetch(location, work.resolve("source"), progress());
            PushedImage image = build(wiring, location, fetched, chosen, work);
            print(image);
            return ExitCodes.OK;
        } finally {
            remove(work);
        }
    }

    private PushedImage build(Wiring wiring, SourceLocation location, FetchedSource fetched,
                              Optional<BaseImage> chosen, Path work) {
        Path directory = AppSource.appDirectory(fetched.directory(), appDir);
        RepositoryAnalyzer analyzer = wiring.analyzer();
        TechStack stack = analyzer.analyze(directory);
        BaseImage baseImage = BaseImage.choose(chosen.or(() -> analyzer.projectFile(directory)
                .imageBase(ProjectConfig.DEFAULT_ENVIRONMENT)
                .map(reference -> new BaseImage(reference, "image.base in hivemind.yaml"))),
                stack.language(), stack.runtimeVersion());
        OciImageBuilder.check(baseImage);
        Entrypoint entrypoint = Entrypoint.of(stack.startCommand(), OciImageBuilder.APP_DIRECTORY);
        ImageDestination destination = ImageDestination.parse(registry, tag.or(() -> fetched.reference().commit()
                .map(commit -> commit.substring(0, Math.min(12, commit.length())))).orElse("latest"));
        invocation.err().println("Building the " + stack.language() + " app in " + directory);
        BuildArtifact artifact = wiring.builder().build(new ArtifactBuilder.BuildRequest(directory, stack,
                work.resolve("artifact"), Map.of(), origin(location, fetched)), progress());
        invocation.err().println("Making the image on " + baseImage.reference() + " (" + baseImage.origin() + ")");
        return new OciImageBuilder(progress()).build(new ImageRequest(Path.of(artifact.path()), stack.language(),
                entrypoint, stack.fixedPort().map(dev.hivemind.api.FixedPort::port).or(stack::port).orElse(DEFAULT_PORT),
                baseImage, destination, labels(fetched), insecure, invocation.environment(),
                wiring.home().cache().resolve("images")));
    }

    /**
     * As the build stage's: a clone is exactly its commit, so the build cache may key it by the commit; a local
     * directory may hold changes no commit has, so the cache hashes its files.
     */
    private ArtifactBuilder.Origin origin(SourceLocation location, FetchedSource fetched) {
        Optional<String> revision = location instanceof SourceLocation.GitUrl
                ? fetched.reference().commit().map(commit -> commit + ":" + appDir.orElse("."))
                : Optional.empty();
        return new ArtifactBuilder.Origin(Optional.empty(), Optional.empty(), revision, false);
    }

    /** The OCI labels that say where the image comes from. */
    private Map<String, String> labels(FetchedSource fetched) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.source", fetched.reference().repository());
        fetched.reference().commit().ifPresent(commit -> labels.put("org.opencontainers.image.revision", commit));
        return labels;
    }

    private void print(PushedImage image) {
        if (output == OutputFormat.JSON) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("image", image.tagged());
            document.put("digest", image.digest());
            document.put("reference", image.reference());
            document.put("layers", image.layers().stream().map(layer -> Map.of("name", layer.name(),
                    "diff_id", layer.diffId(), "entries", layer.entries())).toList());
            try {
                invocation.out().println(JSON.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the image as JSON", e);
            }
            return;
        }
        Style style = new Style(invocation.styled());
        invocation.err().println(style.green("Pushed " + image.tagged()));
        invocation.out().println(image.reference());
    }

    private Progress progress() {
        Style style = new Style(invocation.styled());
        return line -> invocation.err().println(style.dim(line));
    }

    private static Path temporaryDirectory(Wiring wiring) {
        try {
            Path images = wiring.home().cache().resolve("images");
            PrivateFiles.directory(images);
            return Files.createTempDirectory(images, "build-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the image's build under "
                    + wiring.home().cache(), e);
        }
    }

    private void remove(Path work) {
        try {
            PrivateFiles.deleteTree(work);
        } catch (IOException e) {
            invocation.err().println("Could not remove " + work + ": " + e.getMessage());
        }
    }
}
