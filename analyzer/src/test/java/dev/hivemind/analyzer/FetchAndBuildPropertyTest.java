package dev.hivemind.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.analyzer.build.ArtifactChecksum;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.BuildSteps;
import dev.hivemind.analyzer.build.cache.CachingArtifactBuilder;
import dev.hivemind.analyzer.source.GitSourceFetcher;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.ArtifactBuilder.Origin;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import dev.hivemind.api.SourceFetcher.FetchedSource;
import dev.hivemind.api.SourceLocation;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/** Properties of fetching and building over generated repositories, trees and build output. */
class FetchAndBuildPropertyTest {
    private static final TechStack STACK = new TechStack("static", "none", "any", List.of(), false, Optional.empty(),
            "copy", "true", Optional.empty(), List.of());

    // Feature: autodeploy-agent, Property 7: clone creates the directory
    @Property(tries = 100)
    void aCloneCreatesTheCheckoutHoldingTheCommittedFiles(@ForAll("trees") Map<String, String> files,
                                                          @ForAll boolean cached) throws Exception {
        Path root = Files.createTempDirectory("hivemind-clone-property-");
        try {
            Path work = root.resolve("repository");
            String commit = commit(work, files);
            String url = "file://" + work.resolve(".git");
            GitSourceFetcher fetcher = new GitSourceFetcher(Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(20));
            if (cached) {
                fetcher = fetcher.withCache(root.resolve("cache/repos"), Duration.ofSeconds(30));
                fetcher.fetch(new SourceLocation.GitUrl(url), root.resolve("earlier"), Progress.none());
            }
            Path checkout = root.resolve("deployments/d/source");

            FetchedSource fetched = fetcher.fetch(new SourceLocation.GitUrl(url), checkout, Progress.none());

            assertThat(fetched.directory()).isEqualTo(checkout).isDirectory();
            assertThat(fetched.reference().commit()).contains(commit);
            assertThat(filesUnder(checkout)).isEqualTo(files);
        } finally {
            PrivateFiles.deleteTree(root);
        }
    }

    // Feature: autodeploy-agent, Property 13: artifact has path, type, size, checksum
    @Property(tries = 100)
    void everyArtifactHasItsPathTypeSizeAndChecksum(@ForAll("trees") Map<String, String> files) throws Exception {
        Path root = Files.createTempDirectory("hivemind-artifact-property-");
        try {
            Path source = root.resolve("app");
            files.forEach((relative, content) -> Fixtures.write(source, relative, content));
            ArtifactBuilder copying = (request, output) -> BuildSteps.produce(request.artifactDirectory(), List.of(),
                    List.of(), Map.of(), Clock.systemUTC(), output, () -> BuildSteps.copy(request.source(),
                            request.artifactDirectory(), Set.of(".git"), "static", output));
            CachingArtifactBuilder builder = new CachingArtifactBuilder(copying, root.resolve("cache/builds"),
                    stack -> List.of(), 5, Clock.systemUTC());
            long size = files.values().stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();

            for (String deployment : List.of("built", "cached")) {
                Path directory = root.resolve(deployment);
                BuildArtifact artifact = builder.build(new BuildRequest(source, STACK, directory, Map.of(),
                        new Origin(Optional.of("app"), Optional.of(deployment), Optional.empty(), false)),
                        Progress.none());

                assertThat(artifact.path()).isEqualTo(directory.toString());
                assertThat(Path.of(artifact.path())).isDirectory();
                assertThat(artifact.type()).isEqualTo("directory");
                assertThat(artifact.sizeBytes()).isEqualTo(size);
                assertThat(artifact.checksum()).matches("sha256:[0-9a-f]{64}")
                        .isEqualTo(ArtifactChecksum.of(directory).value());
                assertThat(filesUnder(directory)).isEqualTo(files);
            }
        } finally {
            PrivateFiles.deleteTree(root);
        }
    }

    // Feature: autodeploy-agent, Property 14: build error output captured
    @Property(tries = 100)
    void aFailedBuildStepCarriesItsLastLinesExactly(@ForAll("outputs") List<String> lines,
                                                    @ForAll @IntRange(min = 1, max = 125) int exitCode)
            throws IOException {
        Path directory = Files.createTempDirectory("hivemind-output-property-");
        try {
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                    "for line in \"$@\"; do printf '%s\\n' \"$line\"; done; exit " + exitCode, "sh"));
            command.addAll(lines);
            BuildStep step = new BuildStep(List.of("sh", "-c", "print and fail"), "Building the property's app",
                    "Look at the output");
            List<String> streamed = new ArrayList<>();

            BuildException failure = catchThrowableOfType(BuildException.class,
                    () -> BuildSteps.run(step, command, directory, Map.of(), streamed::add));

            List<String> last = lines.subList(Math.max(0, lines.size() - ProcessRunner.TAIL_LINES), lines.size());
            assertThat(failure.getMessage()).isEqualTo("print and fail failed with exit code " + exitCode);
            assertThat(failure.context()).isEqualTo("Building the property's app");
            assertThat(failure.remediation()).isEqualTo("Look at the output." + (last.isEmpty()
                    ? " It printed nothing." : " Last " + last.size() + " lines of output:\n" + String.join("\n", last)));
            assertThat(streamed).containsExactlyElementsOf(Stream.concat(Stream.of("$ print and fail"),
                    lines.stream()).toList());
        } finally {
            PrivateFiles.deleteTree(directory);
        }
    }

    @Provide
    Arbitrary<Map<String, String>> trees() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> path = Combinators.combine(segment.list().ofMinSize(0).ofMaxSize(3), segment)
                .as((directories, name) -> directories.stream().map(directory -> "d-" + directory + "/")
                        .collect(Collectors.joining()) + "f-" + name + ".txt");
        Arbitrary<String> content = Arbitraries.strings().withCharRange(' ', '~').withChars('\n', 'é', '中')
                .ofMaxLength(200);
        return Arbitraries.maps(path, content).ofMinSize(1).ofMaxSize(8).map(TreeMap::new);
    }

    @Provide
    Arbitrary<List<String>> outputs() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '中', '\t').ofMaxLength(50)
                .list().ofMaxSize(120);
    }

    private static String commit(Path work, Map<String, String> files) throws Exception {
        files.forEach((relative, content) -> Fixtures.write(work, relative, content));
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("HiveMind Tests", "tests@hivemind.invalid");
            return git.commit().setMessage("generated").setAuthor(author).setCommitter(author).setSign(false).call()
                    .getName();
        }
    }

    /** Every regular file under {@code directory} but {@code .git}, by relative path, with its text. */
    private static Map<String, String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            Map<String, String> found = new TreeMap<>();
            for (Path file : walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String relative = ProjectFiles.relative(directory, file);
                if (!relative.startsWith(".git/")) {
                    found.put(relative, Files.readString(file));
                }
            }
            return found;
        }
    }
}
