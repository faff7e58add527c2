package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.stack.go.GoSources.GoPackage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code package main} of a module is the app: the module root when it is one; else the only one; else, of
 * several, the first named like the module's last path element, then {@code server}, {@code api}, {@code web}
 * (under {@code cmd/} before elsewhere); else the only one that starts an HTTP server (a listen call in it or the
 * packages it imports); else the first under {@code cmd/}; else the first that is not an example or a tool. The
 * reason is part of the evidence.
 */
final class GoMainPackage {
    private static final List<String> SERVER_NAMES = List.of("server", "api", "web");
    private static final Pattern LISTEN = Pattern.compile(
            "\\b(?:ListenAndServe(?:TLS)?|Serve|Listen|Start|Run)\\s*\\(");
    /** Directories whose main packages are rarely the app: examples, tools, scripts. */
    private static final Set<String> SIDE_DIRECTORIES = Set.of("example", "examples", "tools", "tool", "scripts",
            "hack", "test", "tests", "e2e", "bench", "benchmarks", "docs");

    private GoMainPackage() {
    }

    /** The chosen package and why, e.g. {@code cmd/server is the only package main}. */
    record Choice(GoPackage main, String reason) {
    }

    static Optional<Choice> choose(List<GoPackage> found, String moduleName, GoSources sources) {
        List<GoPackage> mains = found.stream().sorted(Comparator.comparing(GoPackage::directory)).toList();
        Optional<GoPackage> root = mains.stream().filter(main -> main.directory().isEmpty()).findFirst();
        if (root.isPresent()) {
            return Optional.of(new Choice(root.get(), "the module root is package main with func main()"));
        }
        if (mains.size() <= 1) {
            return mains.stream().findFirst().map(only -> new Choice(only, only.directory()
                    + " is the only package main with func main() in the module"));
        }
        String all = mains.stream().map(GoPackage::directory).collect(Collectors.joining(", "));
        List<String> preferred = Stream.concat(Stream.of(moduleName), SERVER_NAMES.stream()).distinct().toList();
        for (String name : preferred) {
            Optional<GoPackage> named = named(mains, name);
            if (named.isPresent()) {
                String like = name.equals(moduleName) ? "named like the module's last path element " + name
                        : "named " + name;
                return Optional.of(new Choice(named.get(), named.get().directory() + ", of the " + mains.size()
                        + " packages main (" + all + "), is the one " + like));
            }
        }
        String none = " none is named " + String.join(", ", preferred);
        List<GoPackage> serving = mains.stream().filter(main -> !isSide(main) && serves(main, sources)).toList();
        if (serving.size() == 1) {
            return Optional.of(new Choice(serving.getFirst(), serving.getFirst().directory() + ", of the "
                    + mains.size() + " packages main (" + all + "), is the only one that starts an HTTP server:"
                    + none));
        }
        Optional<GoPackage> underCmd = mains.stream().filter(main -> main.directory().startsWith("cmd/")).findFirst();
        if (underCmd.isPresent()) {
            return Optional.of(new Choice(underCmd.get(), underCmd.get().directory() + " is the first under cmd/ of "
                    + "the " + mains.size() + " packages main (" + all + "):" + none));
        }
        GoPackage first = mains.stream().filter(main -> !isSide(main)).findFirst().orElse(mains.getFirst());
        return Optional.of(new Choice(first, first.directory() + " is the first in name order that is not an example "
                + "or a tool of the " + mains.size() + " packages main (" + all + "):" + none));
    }

    private static Optional<GoPackage> named(List<GoPackage> mains, String name) {
        return mains.stream().filter(main -> main.directory().equals("cmd/" + name)).findFirst()
                .or(() -> mains.stream().filter(main -> !isSide(main))
                        .filter(main -> main.directory().endsWith("/" + name) || main.directory().equals(name))
                        .findFirst());
    }

    /** Whether the package, or a package of the module it imports, calls a listen function. */
    private static boolean serves(GoPackage main, GoSources sources) {
        return sources.linkedFrom(main).stream().flatMap(pkg -> pkg.files().stream())
                .anyMatch(file -> LISTEN.matcher(file.code()).find());
    }

    private static boolean isSide(GoPackage main) {
        return Stream.of(main.directory().split("/")).anyMatch(SIDE_DIRECTORIES::contains);
    }
}
