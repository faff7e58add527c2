package dev.hivemind.target.kubernetes.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How an artifact is cut into layers: the stack's dependencies (Node's {@code node_modules}, Python's
 * {@code .venv}, a Java build's {@code lib}) in one layer, everything else (the app's code) in the next, so that a
 * change of code alone changes one small layer and a registry that has the dependencies' layer is not sent it again.
 *
 * @param dependencies the top-level names of the dependencies' layer (empty when the artifact has none)
 * @param application  the top-level names of the app's layer
 */
record LayerPlan(List<String> dependencies, List<String> application) {
    private static final Map<String, List<String>> DEPENDENCY_DIRECTORIES = Map.of(
            "nodejs", List.of("node_modules"),
            "python", List.of(".venv"),
            "java", List.of("lib"));

    LayerPlan {
        dependencies = List.copyOf(dependencies);
        application = List.copyOf(application);
    }

    /** The plan for {@code artifact} of a {@code language} app: what of its top level is dependencies. */
    static LayerPlan of(Path artifact, String language) throws IOException {
        List<String> known = DEPENDENCY_DIRECTORIES.getOrDefault(language, List.of());
        List<String> names;
        try (Stream<Path> entries = Files.list(artifact)) {
            names = entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
        return new LayerPlan(names.stream().filter(known::contains).toList(),
                names.stream().filter(name -> !known.contains(name)).toList());
    }
}
