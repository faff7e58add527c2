package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.go.GoSources.GoPackage;
import dev.hivemind.api.FixedPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a Go app declares, from its main package and the packages of the module it imports: the default it
 * falls back to when {@code PORT} (which the target sets) is empty, else a literal address passed to
 * {@code ListenAndServe}, {@code Run}, {@code Start} or {@code Listen} (or set as an {@code http.Server}'s
 * {@code Addr}), such as {@code ":8080"} or {@code "localhost:3000"}.
 */
final class GoPort {
    private static final Pattern READS_PORT = Pattern.compile("\\b(?:Getenv|LookupEnv)\\s*\\(\\s*\"PORT\"\\s*\\)");
    /** A helper with a default, e.g. {@code getEnv("PORT", "8080")}. */
    private static final Pattern HELPER_DEFAULT = Pattern.compile("\\w\\s*\\(\\s*\"PORT\"\\s*,\\s*\":?(\\d{1,5})\"");
    /** The default assigned soon after PORT is read, e.g. {@code port = "8080"}. */
    private static final Pattern ASSIGNED = Pattern.compile("=\\s*\":?(\\d{1,5})\"");
    private static final int DEFAULT_WITHIN_LINES = 6;
    private static final int GIN_DEFAULT = 8080;
    /** gin's {@code r.Run()} with no address: it listens on PORT, else 8080. */
    private static final Pattern BARE_RUN = Pattern.compile("\\.\\s*Run\\s*\\(\\s*\\)");
    private static final String ADDRESS = "\"(?<address>(?:[\\w.-]*|\\[[0-9a-fA-F:]*]):(?<port>\\d{1,5}))\"";
    private static final List<Pattern> LISTENS = List.of(
            Pattern.compile("\\b(?<call>ListenAndServe(?:TLS)?|RunTLS|Run|StartTLS|Start|Listen)\\s*\\(\\s*" + ADDRESS),
            Pattern.compile("\\b(?<call>net\\.Listen)\\s*\\(\\s*\"tcp[46]?\"\\s*,\\s*" + ADDRESS),
            Pattern.compile("\\b(?<call>http\\.Server)\\s*\\{[^}]*?\\bAddr\\s*:\\s*" + ADDRESS));

    private GoPort() {
    }

    /**
     * The port when one is declared, and the evidence line either way.
     *
     * @param pinned the app listens there whatever {@code PORT} says: the port is a literal, a constant or a flag's
     *               default, and no code reads {@code PORT}
     */
    record Declared(Optional<Integer> port, String evidence, boolean pinned) {
        Declared(Optional<Integer> port, String evidence) {
            this(port, evidence, false);
        }

        /** The port the app is pinned to, with the evidence. */
        Optional<FixedPort> fixedPort() {
            return port.filter(found -> pinned).map(found -> new FixedPort(found, evidence));
        }

        private Declared pinnedUnless(Optional<Place> readsPort) {
            return new Declared(port, evidence, readsPort.isEmpty());
        }
    }

    /**
     * In the order of trust: a configuration file the code reads the port from through viper, or, for an app that
     * reads {@code PORT}, the environment file that documents it ({@code .env.example}, read by godotenv); then the
     * code: the default for {@code PORT}, a struct tag's default ({@code envconfig:"PORT" default:"8080"}), a
     * command-line flag's default ({@code flag.IntVar(&cfg.port, "port", 4000, ...)}), a literal address passed to a
     * listen call, or a constant passed to one ({@code Addr: ":" + port}); then the Dockerfile; last gin's default
     * for a bare {@code Run()}.
     *
     * @param root     the module root
     * @param packages the main package first, then the packages it imports
     */
    static Declared detect(Path root, List<GoPackage> packages, GoSources sources, String framework) {
        Optional<Place> reads = first(packages, READS_PORT, sources, match -> "");
        return GoPortSources.config(root, packages, sources)
                .or(() -> reads.flatMap(place -> PortSources.inEnvironmentFiles(root, List.of("PORT"), List.of())
                        .map(found -> new Declared(Optional.of(Integer.valueOf(found.value())), found.evidence()
                                + " (the app reads PORT in " + place.where() + ")"))))
                .or(() -> fallback(packages, sources, reads))
                .or(() -> GoPortSources.tagDefault(packages, sources))
                .or(() -> GoPortSources.flagDefault(packages, sources).map(found -> found.pinnedUnless(reads)))
                .or(() -> literal(packages, sources, reads).map(found -> found.pinnedUnless(reads)))
                .or(() -> GoPortSources.throughConstant(packages, sources).map(found -> found.pinnedUnless(reads)))
                .or(() -> PortSources.inDockerfile(root, List.of("PORT"))
                        .map(found -> new Declared(Optional.of(Integer.valueOf(found.value())), found.evidence())))
                .or(() -> framework.equals("gin") && first(packages, BARE_RUN, sources, match -> "").isPresent()
                        ? Optional.of(new Declared(Optional.of(GIN_DEFAULT), PortSources.frameworkDefault(GIN_DEFAULT,
                        "gin's Run() without an address").evidence())) : Optional.empty())
                .orElseGet(() -> new Declared(Optional.empty(), reads.map(place -> "port none declared: the app "
                        + "reads PORT in " + place.where() + " (the target sets it) and gives no default")
                        .orElse("port none: the main package and the packages it imports neither read PORT nor pass "
                        + "an address to ListenAndServe, Run, Start or Listen")));
    }

    private static Optional<Declared> fallback(List<GoPackage> packages, GoSources sources, Optional<Place> reads) {
        return first(packages, HELPER_DEFAULT, sources, match -> match.group(1))
                .or(() -> reads.flatMap(place -> assignedAfter(place, sources)))
                .filter(place -> valid(place.value()))
                .map(place -> declared(place, "from the default for PORT in " + place.where()
                        + " (the app reads PORT, which the target sets)"));
    }

    private static Optional<Declared> literal(List<GoPackage> packages, GoSources sources, Optional<Place> reads) {
        return LISTENS.stream()
                .flatMap(pattern -> first(packages, pattern, sources, match -> match.group("port")).stream())
                .filter(place -> valid(place.value())).findFirst()
                .map(place -> declared(place, "from " + place.what() + " in " + place.where()
                        + reads.map(reading -> " (the app also reads PORT in " + reading.where() + ")")
                        .orElse(" (the app does not read PORT, so it listens there whatever the target sets)")));
    }

    static Declared declared(Place place, String source) {
        int port = Integer.parseInt(place.value());
        return new Declared(Optional.of(port), "port " + port + " " + source);
    }

    static boolean valid(String port) {
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65_535;
    }

    static Optional<Place> first(List<GoPackage> packages, Pattern pattern, GoSources sources,
                                         Function<MatchResult, String> value) {
        for (GoPackage goPackage : packages) {
            for (GoSourceFile file : goPackage.files()) {
                Matcher matcher = pattern.matcher(file.code());
                if (matcher.find()) {
                    boolean listens = pattern.pattern().contains("?<call>");
                    int at = listens ? matcher.start("address") : matcher.start();
                    return Optional.of(new Place(file, matcher.end(), sources.shown(file.path()) + " line "
                            + file.lineOf(at), value.apply(matcher), listens ? listen(matcher) : ""));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ":8080" passed to ListenAndServe}, or {@code "0.0.0.0:80" set as http.Server's Addr}. */
    private static String listen(Matcher matcher) {
        String address = "\"" + matcher.group("address") + "\"";
        return matcher.group("call").equals("http.Server") ? address + " set as http.Server's Addr"
                : address + " passed to " + matcher.group("call");
    }

    /** A default such as {@code port = "8080"} within a few lines after {@code os.Getenv("PORT")}. */
    private static Optional<Place> assignedAfter(Place reading, GoSources sources) {
        String code = reading.file().code();
        int end = reading.offset();
        for (int lines = 0; lines < DEFAULT_WITHIN_LINES && end >= 0; lines++) {
            end = code.indexOf('\n', end + 1);
        }
        Matcher matcher = ASSIGNED.matcher(code).region(reading.offset(), end < 0 ? code.length() : end);
        return matcher.find() ? Optional.of(new Place(reading.file(), matcher.end(), sources.shown(reading.file()
                .path()) + " line " + reading.file().lineOf(matcher.start()), matcher.group(1), "")) : Optional.empty();
    }

    /**
     * Where a pattern matched.
     *
     * @param offset just after the match
     * @param where  e.g. {@code main.go line 12}
     * @param value  the port it names, or {@code ""}
     * @param what   for a listen call, e.g. {@code ":8080" passed to ListenAndServe}
     */
    record Place(GoSourceFile file, int offset, String where, String value, String what) {
    }
}
