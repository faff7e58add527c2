package dev.hivemind.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** SOURCE parsing over generated well-formed and malformed URLs, and generated directories. */
class SourceLocationPropertiesTest {
    /** Holds the directories the last property makes; URLs and garbage are parsed in an empty directory below it. */
    private static Path directories;
    private static Path workingDirectory;

    @BeforeContainer
    static void createWorkingDirectories() throws IOException {
        directories = Files.createTempDirectory("source-location-");
        workingDirectory = Files.createDirectory(directories.resolve("empty"));
    }

    @AfterContainer
    static void removeWorkingDirectories() throws IOException {
        try (Stream<Path> walk = Files.walk(directories)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // Feature: autodeploy-agent, Property 1: URL validation correctness
    @Property(tries = 200)
    void acceptsEveryWellFormedGitUrl(@ForAll("wellFormedUrls") String url) {
        SourceLocation location = SourceLocation.parse(url, workingDirectory);

        assertThat(location).isEqualTo(new SourceLocation.GitUrl(url));
        assertThat(location.display()).isEqualTo(url);
        assertThat(location.suggestedAppName()).isNotBlank().doesNotEndWith(".git").doesNotContain("/");
    }

    // Feature: autodeploy-agent, Property 1: URL validation correctness
    @Property(tries = 200)
    void refusesEveryMalformedSource(@ForAll("malformedSources") String source) {
        assertThatThrownBy(() -> SourceLocation.parse(source, workingDirectory))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> {
                    assertThat(error.getMessage()).contains("is not a usable SOURCE");
                    assertThat(error.remediation()).contains("git URL");
                });
    }

    // Feature: autodeploy-agent, Property 1: URL validation correctness
    @Property(tries = 100)
    void takesAnExistingDirectoryAsALocalDirectory(@ForAll("directoryNames") String name,
                                                   @ForAll boolean absolute) throws IOException {
        Path directory = Files.createDirectories(directories.resolve(name));
        String source = absolute ? directory.toString() : name;

        SourceLocation location = SourceLocation.parse(source, directories);

        assertThat(location).isEqualTo(new SourceLocation.LocalDirectory(directory.toAbsolutePath().normalize()));
    }

    @Provide
    Arbitrary<String> wellFormedUrls() {
        return anyWellFormedUrl();
    }

    @Provide
    Arbitrary<String> malformedSources() {
        return Arbitraries.oneOf(badSchemes(), withInnerSpace(), emptyHosts(), missingPaths(), garbage());
    }

    @Provide
    Arbitrary<String> directoryNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '_', '.')
                .ofMinLength(1).ofMaxLength(20).filter(name -> !name.matches("\\.+"));
    }

    private static Arbitrary<String> schemeUrls() {
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "ssh", "git");
        Arbitrary<String> user = Arbitraries.oneOf(Arbitraries.just(""), users().map(name -> name + "@"));
        return Combinators.combine(scheme, user, hosts(), ports(), repositoryPaths())
                .as((s, u, host, port, path) -> s + "://" + u + host + port + "/" + path);
    }

    private static Arbitrary<String> fileUrls() {
        return repositoryPaths().map(path -> "file:///" + path);
    }

    private static Arbitrary<String> scpLikeUrls() {
        return Combinators.combine(users(), domainNames(), repositoryPaths())
                .as((user, host, path) -> user + "@" + host + ":" + path);
    }

    private static Arbitrary<String> badSchemes() {
        Arbitrary<String> scheme = Arbitraries.of("ftp", "sftp", "svn", "gopher", "ws", "rsync", "smb", "htp",
                "git+ssh", "mailto");
        return Combinators.combine(scheme, hosts(), repositoryPaths())
                .as((s, host, path) -> s + "://" + host + "/" + path);
    }

    /** A space anywhere inside (not at the ends, which are trimmed) spoils any URL. */
    private static Arbitrary<String> withInnerSpace() {
        return anyWellFormedUrl().flatMap(url -> Arbitraries.integers().between(1, url.length() - 1)
                .map(at -> url.substring(0, at) + " " + url.substring(at)));
    }

    private static Arbitrary<String> emptyHosts() {
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "ssh", "git");
        Arbitrary<String> authority = Arbitraries.of("", "git@", ":9418", "git@:22", ".", "-host", "host-");
        return Combinators.combine(scheme, authority, repositoryPaths())
                .as((s, a, path) -> s + "://" + a + "/" + path);
    }

    private static Arbitrary<String> missingPaths() {
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "ssh", "git");
        Arbitrary<String> remote = Combinators.combine(scheme, hosts(), ports(), Arbitraries.of("", "/", "/  "))
                .as((s, host, port, end) -> s + "://" + host + port + end);
        return Arbitraries.oneOf(remote, Arbitraries.of("file://", "file://relative/app.git", "file:///"));
    }

    /** Strings that are neither URLs nor user@host:path, in a working directory where no such directory exists. */
    private static Arbitrary<String> garbage() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars(' ', '-', '_', '#', '%', '!', '?', '*', '+', '=', ',', ';', '&', '(', ')')
                .ofMinLength(0).ofMaxLength(40);
    }

    private static Arbitrary<String> anyWellFormedUrl() {
        return Arbitraries.oneOf(schemeUrls(), fileUrls(), scpLikeUrls());
    }

    private static Arbitrary<String> hosts() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<String> ipv6 = Arbitraries.of("[::1]", "[fe80::1]", "[2001:db8::42]", "[::ffff:127.0.0.1]");
        return Arbitraries.frequencyOf(
                Tuple.of(6, domainNames()), Tuple.of(2, ipv4), Tuple.of(1, ipv6));
    }

    private static Arbitrary<String> domainNames() {
        return labels().list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
    }

    private static Arbitrary<String> labels() {
        Arbitrary<String> alnum = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> inner = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMaxLength(6);
        return Combinators.combine(alnum, inner, alnum).as((first, middle, last) ->
                middle.isEmpty() ? first : first + middle + last);
    }

    private static Arbitrary<String> ports() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(1, 65535).map(port -> ":" + port));
    }

    private static Arbitrary<String> users() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('.', '_', '-')
                .ofMinLength(1).ofMaxLength(10);
    }

    private static Arbitrary<String> repositoryPaths() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('-', '_').ofMinLength(1).ofMaxLength(12);
        Arbitrary<List<String>> segments = segment.list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(segments, Arbitraries.of("", ".git"))
                .as((parts, suffix) -> String.join("/", parts) + suffix);
    }
}
