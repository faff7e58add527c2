package dev.hivemind.analyzer;

import dev.hivemind.analyzer.stack.go.GoToolchain;
import dev.hivemind.analyzer.stack.java.JavaInstallations;
import dev.hivemind.analyzer.stack.node.NodeVersionRange;
import dev.hivemind.analyzer.stack.python.PythonVersionConstraint;
import dev.hivemind.api.StackAnalyzer.VersionRequirement;
import dev.hivemind.api.TechStack;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime version an app declares, judged the way its builder judges it: Go's go directive is the oldest Go
 * (as {@code go build} reads it), a Java release the oldest JDK major, a Python pin a PEP 440 specifier or a bare
 * version, Node.js's {@code engines.node} an npm semver range.
 *
 * @param language   {@code go}, {@code java}, {@code python} or {@code nodejs}
 * @param constraint what the app asks for: {@code 1.22}, {@code 17}, {@code >=3.10}, {@code ^20}
 * @param source     the file and field it comes from: {@code go.mod go directive}
 */
public record RuntimeVersionRequirement(String language, String constraint, String source) implements VersionRequirement {
    private static final Pattern GO = Pattern.compile("\\bgo version go(\\d+(?:\\.\\d+)*)");
    private static final Pattern JAVA = Pattern.compile("\\bversion \"([^\"]+)\"");
    private static final Pattern PYTHON = Pattern.compile("\\bPython (\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern NODE = Pattern.compile("^v?(\\d+\\.\\d+\\.\\d+)", Pattern.MULTILINE);
    private static final Pattern GO_DIRECTIVE = Pattern.compile("its go directive asks for at least (\\S+)\\)");

    public RuntimeVersionRequirement {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The version the stack's evidence says the app declares ({@code runtime_version 1.22 from go.mod go directive});
     * empty when the version is a default rather than the app's (nothing is then asked of the installed tool).
     */
    public static Optional<RuntimeVersionRequirement> declared(TechStack stack) {
        String prefix = "runtime_version " + stack.runtimeVersion() + " from ";
        Optional<String> line = stack.evidence().stream().filter(text -> text.startsWith(prefix)).findFirst();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String source = line.get().substring(prefix.length());
        if (stack.language().equals("go") && source.startsWith("go.mod toolchain directive")) {
            Matcher directive = GO_DIRECTIVE.matcher(source);
            return directive.find() ? Optional.of(new RuntimeVersionRequirement("go", directive.group(1),
                    "go.mod go directive")) : Optional.empty();
        }
        return Optional.of(new RuntimeVersionRequirement(stack.language(), stack.runtimeVersion(), source));
    }

    @Override
    public String wanted() {
        return switch (language) {
            case "go" -> "Go " + constraint + " or later (" + source + ")";
            case "java" -> "Java " + constraint + " or newer (" + source + ")";
            case "python" -> "Python " + constraint + " (" + source + ")";
            case "nodejs" -> "Node.js " + constraint + " (" + source + ")";
            default -> language + " " + constraint + " (" + source + ")";
        };
    }

    /**
     * Which version is installed, which is needed, and what really works: for Go a newer Go (Debian's backports, or
     * go.dev's release), or the go command fetching the one the module asks for ({@code GOTOOLCHAIN=auto}) with the
     * check off; for Node.js a Node that satisfies the range, or the check off for an old pin; else the check off.
     */
    @Override
    public String remedy(String installed) {
        String have = switch (language) {
            case "go" -> "Go ";
            case "nodejs" -> "Node.js ";
            case "java" -> "Java ";
            case "python" -> "Python ";
            default -> "";
        } + installed;
        String off = "set 'version-check: false' in hivemind.yaml";
        return switch (language) {
            case "go" -> "Installed: " + have + "; needed: " + wanted() + ". What works: a newer Go first on the "
                    + "PATH (on Debian 12: enable bookworm-backports and apt-get install -t bookworm-backports "
                    + "golang-go; or the release from https://go.dev/dl/); or let the go command download the Go the "
                    + "module asks for: deploy with --env GOTOOLCHAIN=auto and " + off + "; or, if you know "
                    + have + " builds the app, " + off + " (an older go cannot lower go.mod's directive for you)";
            case "nodejs" -> "Installed: " + have + "; needed: " + wanted() + ". What works: a Node.js that "
                    + "satisfies it first on the PATH (nvm install, or NodeSource's nodejs packages); or, when the "
                    + "pin is older than the app needs (\"4.0.0\"), relax engines.node (e.g. \">=18\") or " + off;
            default -> "Installed: " + have + "; needed: " + wanted() + ". Install a version that satisfies it first "
                    + "on the PATH, or, if you know " + have + " runs the app, " + off;
        };
    }

    @Override
    public Optional<String> versionIn(String output) {
        return pattern().map(pattern -> pattern.matcher(output.strip())).filter(Matcher::find)
                .map(matcher -> matcher.group(1));
    }

    /** How the runtime's version command names its version. */
    private Optional<Pattern> pattern() {
        return switch (language) {
            case "go" -> Optional.of(GO);
            case "java" -> Optional.of(JAVA);
            case "python" -> Optional.of(PYTHON);
            case "nodejs" -> Optional.of(NODE);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Boolean> satisfiedBy(String version) {
        return switch (language) {
            case "go" -> Optional.of(GoToolchain.compare(version, constraint) >= 0);
            case "java" -> JavaInstallations.major(version).flatMap(major -> JavaInstallations.major(constraint)
                    .map(required -> major >= required));
            case "python" -> PythonVersionConstraint.satisfies(constraint, version);
            case "nodejs" -> NodeVersionRange.satisfies(constraint, version);
            default -> Optional.empty();
        };
    }
}
