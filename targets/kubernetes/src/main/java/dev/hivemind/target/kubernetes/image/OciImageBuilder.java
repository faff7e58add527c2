package dev.hivemind.target.kubernetes.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Builds an OCI image of an app's artifact and pushes it, without a Docker daemon: jib-core pulls the base into a
 * local tarball, HiveMind writes its layers ({@link LayerTar}, cut by {@link LayerPlan}) and puts them on it
 * ({@link ImageTarball}), and jib-core pushes what the registry lacks with the image's configuration: the
 * entrypoint, a non-root user, {@code /app} as working directory, {@code PORT}, the exposed port and the labels.
 * Every time stamp is the epoch, so the same artifact on the same base gives the same digest.
 */
public final class OciImageBuilder {
    /** Where the artifact is in the image. */
    public static final String APP_DIRECTORY = "/app";
    /** The user the app runs as: not root, and present in no base's password file on purpose (no login). */
    public static final String USER = "65532:65532";

    private final Progress progress;

    public OciImageBuilder(Progress progress) {
        this.progress = progress;
    }

    /**
     * @throws InvalidInputException when the base cannot be named as an image
     * @throws dev.hivemind.api.error.HiveMindException when a registry refuses, cannot be reached, or asks for credentials
     */
    public PushedImage build(ImageRequest request) {
        Path work = null;
        try {
            Files.createDirectories(request.cache());
            work = Files.createTempDirectory(request.cache(), "work-");
            return build(request, work);
        } catch (IOException e) {
            throw RegistryErrors.io(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.interrupted(request, e);
        } finally {
            if (work != null) {
                remove(work);
            }
        }
    }

    private PushedImage build(ImageRequest request, Path work) throws IOException, InterruptedException {
        Optional<Path> base = pullBase(request, work);
        LayerPlan plan = LayerPlan.of(request.artifact(), request.language());
        List<ImageTarball.Layer> layers = new ArrayList<>();
        List<PushedImage.Layer> written = new ArrayList<>();
        String root = APP_DIRECTORY.substring(1);
        if (!plan.dependencies().isEmpty()) {
            LayerTar.Written dependencies = LayerTar.write(request.artifact(), plan.dependencies(), root, true,
                    work.resolve("dependencies.tar.gz"));
            layers.add(new ImageTarball.Layer(dependencies.file(), dependencies.diffId(),
                    "hivemind image: dependencies (" + String.join(", ", plan.dependencies()) + ")"));
            written.add(new PushedImage.Layer("dependencies", dependencies.diffId(), dependencies.entries()));
        }
        LayerTar.Written application = LayerTar.write(request.artifact(), plan.application(), root,
                plan.dependencies().isEmpty(), work.resolve("application.tar.gz"));
        layers.add(new ImageTarball.Layer(application.file(), application.diffId(), "hivemind image: application"));
        written.add(new PushedImage.Layer("application", application.diffId(), application.entries()));
        written.forEach(layer -> progress.line("layer " + layer.name() + ": " + layer.entries() + " entries, "
                + layer.diffId()));
        Path tarball = work.resolve("image.tar");
        Path unpacked = Files.createDirectory(work.resolve("base"));
        ImageTarball.write(base, layers, unpacked, tarball);
        JibContainer pushed = push(request, tarball);
        String digest = pushed.getDigest().toString();
        progress.line("pushed " + request.destination().reference() + " (" + digest + ")");
        return new PushedImage(request.destination().reference(digest), request.destination().reference(), digest,
                written);
    }

    /** The base as a {@code docker save} tarball, pulled by jib-core (its layers cached); none for scratch. */
    private Optional<Path> pullBase(ImageRequest request, Path work) throws IOException, InterruptedException {
        if (request.base().scratch()) {
            return Optional.empty();
        }
        ImageReference reference = baseReference(request.base());
        progress.line("pulling the base image " + reference + " (" + request.base().origin() + ")");
        Path tarball = work.resolve("base.tar");
        try {
            Jib.from(credentials(request).image(reference))
                    .containerize(containerizer(Containerizer.to(TarImage.at(tarball).named("hivemind/base")),
                            request));
        } catch (RegistryException | ExecutionException | CacheDirectoryCreationException e) {
            throw RegistryErrors.pull(request, reference, e);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalStateException("a fixed name is not a valid image reference", e);
        }
        return Optional.of(tarball);
    }

    private JibContainer push(ImageRequest request, Path tarball) throws IOException, InterruptedException {
        ImageReference target = ImageReference.of(request.destination().registry(),
                request.destination().repository(), request.destination().tag());
        Map<String, String> environment = new LinkedHashMap<>(request.entrypoint().environment());
        environment.put("PORT", Integer.toString(request.port()));
        environment.put("HOST", "0.0.0.0");
        JibContainerBuilder image = Jib.from(TarImage.at(tarball))
                .setEntrypoint(request.entrypoint().argv())
                .setProgramArguments(List.of())
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIRECTORY))
                .setEnvironment(environment)
                .setExposedPorts(Port.tcp(request.port()))
                .setLabels(request.labels())
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.EPOCH);
        try {
            return image.containerize(containerizer(Containerizer.to(credentials(request).image(target)), request));
        } catch (RegistryException | ExecutionException | CacheDirectoryCreationException e) {
            throw RegistryErrors.push(request, e);
        }
    }

    private Containerizer containerizer(Containerizer containerizer, ImageRequest request) {
        return containerizer.setAllowInsecureRegistries(request.insecure())
                .setBaseImageLayersCache(request.cache().resolve("base-layers"))
                .setApplicationLayersCache(request.cache().resolve("layers"))
                .setToolName("hivemind")
                .addEventHandler(LogEvent.class, this::log);
    }

    private RegistryCredentials credentials(ImageRequest request) {
        return new RegistryCredentials(request.environment(), this::log);
    }

    private void log(LogEvent event) {
        if (event.getLevel() == LogEvent.Level.LIFECYCLE || event.getLevel() == LogEvent.Level.WARN
                || event.getLevel() == LogEvent.Level.ERROR) {
            progress.line(event.getMessage());
        }
    }

    private static ImageReference baseReference(BaseImage base) {
        try {
            return ImageReference.parse(base.reference());
        } catch (InvalidImageReferenceException e) {
            throw new InvalidInputException(Agent.COMPILER, "the base image '" + base.reference() + "' ("
                    + base.origin() + ") is not an image reference", "Choosing the image's base",
                    "Write it as [HOST[:PORT]/]REPO[:TAG|@sha256:DIGEST], e.g. registry.example.com/base/node:22, "
                            + "or scratch", e);
        }
    }

    /** Checks a base named by the user before anything is built. */
    public static void check(BaseImage base) {
        if (!base.scratch()) {
            baseReference(base);
        }
    }

    private static void remove(Path work) {
        try {
            PrivateFiles.deleteTree(work);
        } catch (IOException ignored) {
            // a temporary directory of the cache, which no later build reads
        }
    }
}
