package dev.hivemind.analyzer.stack.node;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the TypeScript file a compiled JavaScript file is built from, so that the health and port scans read the
 * source of an app whose start command runs its build output ({@code node dist/server.js} built by {@code tsc} from
 * {@code src/server.ts}). The output directory and source root come from tsconfig.json's
 * {@code compilerOptions.outDir} and {@code rootDir}; without them the usual {@code dist}, {@code build},
 * {@code out} or {@code lib} and {@code src} are tried.
 */
final class TypeScriptSource {
    static final String TSCONFIG = "tsconfig.json";
    private static final List<String> USUAL_OUT_DIRS = List.of("dist", "build", "out", "lib");
    private static final List<String> USUAL_ROOT_DIRS = List.of("src", "");
    private static final List<String> JS_EXTENSIONS = List.of(".js", ".mjs", ".cjs");
    private static final List<String> TS_SUFFIXES = List.of(".ts", ".tsx", ".mts", ".cts", "/index.ts");
    private static final JsonMapper JSONC = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.ALLOW_COMMENTS).build();

    private TypeScriptSource() {
    }

    /**
     * The TypeScript source of {@code compiled} (a path relative to the app, such as {@code dist/server.js} or
     * {@code ./dist/main}), when it is in the app.
     */
    static Optional<Path> of(Path directory, String compiled) {
        Path base = directory.toAbsolutePath().normalize();
        String relative = withoutExtension(compiled.replace('\\', '/').replaceFirst("^\\./", ""));
        Options options = options(base);
        for (String candidate : candidates(relative, options)) {
            for (String suffix : TS_SUFFIXES) {
                Path file = base.resolve(candidate + suffix).normalize();
                if (file.startsWith(base) && ProjectFiles.has(file.getParent(), file.getFileName().toString())) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    /** The source paths (without extension) {@code relative} may be compiled from, most likely first. */
    private static List<String> candidates(String relative, Options options) {
        List<String> candidates = new ArrayList<>();
        List<String> outDirs = options.outDir().map(List::of).orElse(USUAL_OUT_DIRS);
        List<String> rootDirs = options.rootDir().map(List::of).orElse(USUAL_ROOT_DIRS);
        for (String outDir : outDirs) {
            if (relative.startsWith(outDir + "/")) {
                String rest = relative.substring(outDir.length() + 1);
                rootDirs.forEach(root -> candidates.add(root.isEmpty() ? rest : root + "/" + rest));
            }
        }
        candidates.add(relative);
        return candidates;
    }

    private static String withoutExtension(String path) {
        return JS_EXTENSIONS.stream().filter(path::endsWith).findFirst()
                .map(extension -> path.substring(0, path.length() - extension.length())).orElse(path);
    }

    /** tsconfig.json's outDir and rootDir, normalized to {@code dist} and {@code src}; empty when unset. */
    private static Options options(Path directory) {
        Optional<JsonNode> compilerOptions = ProjectFiles.read(directory.resolve(TSCONFIG)).flatMap(text -> {
            try {
                return Optional.ofNullable(JSONC.readTree(text)).map(root -> root.path("compilerOptions"));
            } catch (IOException malformed) {
                return Optional.empty();
            }
        });
        return new Options(compilerOptions.flatMap(node -> directoryOption(node, "outDir")),
                compilerOptions.flatMap(node -> directoryOption(node, "rootDir")));
    }

    private static Optional<String> directoryOption(JsonNode compilerOptions, String name) {
        JsonNode value = compilerOptions.path(name);
        return value.isTextual() ? Optional.of(value.textValue().replace('\\', '/').replaceFirst("^\\./", "")
                .replaceFirst("/+$", "")).map(dir -> dir.equals(".") ? "" : dir) : Optional.empty();
    }

    private record Options(Optional<String> outDir, Optional<String> rootDir) {
    }
}
