package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.FlatYaml;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.go.GoPort.Declared;
import dev.hivemind.analyzer.stack.go.GoPort.Place;
import dev.hivemind.analyzer.stack.go.GoSources.GoPackage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways Go code declares its port beyond a literal address: a key of a configuration file read through viper
 * ({@code viper.GetInt("server.port")} and {@code server: port: 8081} in {@code config/config.yaml}), a struct tag's
 * default for {@code PORT} (envconfig, caarlos0/env), a command-line flag's default
 * ({@code flag.IntVar(&cfg.port, "port", 4000, ...)}, {@code flag.String("addr", ":8080", ...)}), and a named
 * constant passed to a listen call ({@code const port = "8080"} and {@code Addr: ":" + port}).
 */
final class GoPortSources {
    private static final Pattern VIPER_KEY = Pattern.compile(
            "\\bviper\\.Get(?:Int|Int32|Int64|Uint|Uint16|String)?\\s*\\(\\s*\"([\\w.-]*[pP]ort)\"\\s*\\)");
    private static final List<String> CONFIG_DIRECTORIES = List.of("", "config/", "configs/");
    private static final Pattern CONFIG_FILE = Pattern.compile("^(?:config|app|application|settings)[\\w.-]*\\.ya?ml$");
    private static final Pattern TAG = Pattern.compile("`[^`]*\\b(?:envconfig|env)\\s*:\\s*\"(?:\\w*_)?PORT\"[^`]*`");
    private static final Pattern TAG_DEFAULT = Pattern.compile("\\b(?:default|envDefault)\\s*:\\s*\":?(\\d{2,5})\"");
    private static final Pattern INT_FLAG = Pattern.compile(
            "\\bflag\\.(?:Int|Uint)(?:Var)?\\s*\\(\\s*(?:&[\\w.]+\\s*,\\s*)?\"(\\w*port\\w*)\"\\s*,\\s*(\\d{2,5})\\s*,");
    private static final Pattern STRING_FLAG = Pattern.compile(
            "\\bflag\\.String(?:Var)?\\s*\\(\\s*(?:&[\\w.]+\\s*,\\s*)?\"(\\w*(?:port|addr|listen|http)\\w*)\"\\s*,\\s*"
                    + "\"[\\w.-]*:?(\\d{2,5})\"\\s*,", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSTANT = Pattern.compile(
            "(?m)^\\s*(?:const\\s+|var\\s+)?(\\w+)\\s*(?:string\\s*)?:?=\\s*\"(?:[\\w.-]*:)?(\\d{2,5})\"");
    private static final List<Pattern> CONSTANT_USES = List.of(
            Pattern.compile("\\b(?:ListenAndServe(?:TLS)?|Run|Start|Listen)\\s*\\(\\s*(?:\":\"\\s*\\+\\s*)?(\\w+)\\s*[,)]"),
            Pattern.compile("\\bAddr\\s*:\\s*(?:\":\"\\s*\\+\\s*)?(\\w+)\\s*[,}\\n]"),
            Pattern.compile("\\bSprintf\\s*\\(\\s*\"[\\w.]*:%[sdv]\"\\s*,\\s*(\\w+)\\s*\\)"));

    private GoPortSources() {
    }

    /** The value of a key read through viper, from the module's configuration file. */
    static Optional<Declared> config(Path root, List<GoPackage> packages, GoSources sources) {
        Optional<Place> key = GoPort.first(packages, VIPER_KEY, sources, match -> match.group(1));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String wanted = key.get().value().toLowerCase(Locale.ROOT);
        for (String directory : CONFIG_DIRECTORIES) {
            for (Path file : ProjectFiles.find(root.resolve(directory), 0, 10,
                    path -> CONFIG_FILE.matcher(path.getFileName().toString()).matches())) {
                Map<String, String> values = new LinkedHashMap<>();
                ProjectFiles.read(file).map(FlatYaml::read).ifPresent(read -> read.forEach((name, value) ->
                        values.put(name.toLowerCase(Locale.ROOT), value)));
                String value = values.getOrDefault(wanted, "").replaceFirst("^:", "");
                if (value.matches("\\d{2,5}") && GoPort.valid(value)) {
                    return Optional.of(new Declared(Optional.of(Integer.valueOf(value)), "port " + value + " from "
                            + ProjectFiles.relative(root, file) + " " + key.get().value() + " (read through viper in "
                            + key.get().where() + ")"));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code Port int `envconfig:"PORT" default:"8080"`}. */
    static Optional<Declared> tagDefault(List<GoPackage> packages, GoSources sources) {
        return GoPort.first(packages, TAG, sources, match -> {
            Matcher value = TAG_DEFAULT.matcher(match.group());
            return value.find() ? value.group(1) : "";
        }).filter(place -> !place.value().isEmpty() && GoPort.valid(place.value()))
                .map(place -> GoPort.declared(place, "from the default of PORT's struct tag in " + place.where()));
    }

    /** A flag for the port or the address, with its default. */
    static Optional<Declared> flagDefault(List<GoPackage> packages, GoSources sources) {
        return GoPort.first(packages, INT_FLAG, sources, match -> match.group(2))
                .or(() -> GoPort.first(packages, STRING_FLAG, sources, match -> match.group(2)))
                .filter(place -> GoPort.valid(place.value()))
                .map(place -> GoPort.declared(place, "from the default of the command-line flag in "
                        + place.where()));
    }

    /** A constant or variable holding the port or address, passed to a listen call or an http.Server's Addr. */
    static Optional<Declared> throughConstant(List<GoPackage> packages, GoSources sources) {
        Map<String, Place> constants = new LinkedHashMap<>();
        for (GoPackage goPackage : packages) {
            for (GoSourceFile file : goPackage.files()) {
                Matcher constant = CONSTANT.matcher(file.code());
                while (constant.find()) {
                    constants.putIfAbsent(constant.group(1), new Place(file, constant.end(), sources.shown(file.path())
                            + " line " + file.lineOf(constant.start(1)), constant.group(2), constant.group(1)));
                }
            }
        }
        for (Pattern use : CONSTANT_USES) {
            Optional<Place> used = GoPort.first(packages, use, sources, match -> match.group(1))
                    .filter(place -> constants.containsKey(place.value()));
            if (used.isPresent()) {
                Place constant = constants.get(used.get().value());
                if (GoPort.valid(constant.value())) {
                    return Optional.of(GoPort.declared(constant, "from the constant " + constant.what() + " in "
                            + constant.where() + ", the address the app listens on (" + used.get().where() + ")"));
                }
            }
        }
        return Optional.empty();
    }
}
