package dev.hivemind.analyzer;

import dev.hivemind.analyzer.stack.go.GoArtifactBuilder;
import dev.hivemind.analyzer.stack.go.GoDetector;
import dev.hivemind.analyzer.stack.java.JavaArtifactBuilder;
import dev.hivemind.analyzer.stack.java.JavaDetector;
import dev.hivemind.analyzer.stack.node.NodeArtifactBuilder;
import dev.hivemind.analyzer.stack.node.NodeDetector;
import dev.hivemind.analyzer.stack.python.PythonArtifactBuilder;
import dev.hivemind.analyzer.stack.python.PythonDetector;
import dev.hivemind.analyzer.stack.staticsite.StaticSiteBuilder;
import dev.hivemind.analyzer.stack.staticsite.StaticSiteDetector;
import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.Progress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The builder for every language the analyzer knows, chosen by {@code TechStack.language()}: Node.js apps are built
 * by {@link NodeArtifactBuilder}, Python apps by {@link PythonArtifactBuilder}, Go apps by {@link GoArtifactBuilder},
 * Java apps by {@link JavaArtifactBuilder}, static sites by {@link StaticSiteBuilder}.
 */
public final class ArtifactBuilders implements ArtifactBuilder {
    private final Map<String, ArtifactBuilder> byLanguage;

    /** @param byLanguage the builder for each language, e.g. {@code nodejs} */
    public ArtifactBuilders(Map<String, ArtifactBuilder> byLanguage) {
        if (byLanguage.isEmpty()) {
            throw new IllegalArgumentException("at least one builder is needed");
        }
        this.byLanguage = Map.copyOf(byLanguage);
    }

    /**
     * Node.js, Python, Go, Java and static sites, as {@link RepositoryAnalyzer} detects them.
     *
     * @param caches {@code HIVEMIND_HOME/cache}: the toolchains' own caches go in it (Go's in {@code go/})
     */
    public static ArtifactBuilders standard(Path caches) {
        return new ArtifactBuilders(Map.of(NodeDetector.LANGUAGE, new NodeArtifactBuilder(),
                PythonDetector.LANGUAGE, new PythonArtifactBuilder(),
                GoDetector.LANGUAGE, new GoArtifactBuilder(caches.resolve(GoArtifactBuilder.CACHE)),
                JavaDetector.LANGUAGE, new JavaArtifactBuilder(),
                StaticSiteDetector.LANGUAGE, new StaticSiteBuilder()));
    }

    /** The builder for {@code language}, if there is one. */
    public Optional<ArtifactBuilder> forLanguage(String language) {
        return Optional.ofNullable(byLanguage.get(language));
    }

    /**
     * @throws IllegalArgumentException when no builder knows the stack's language
     */
    @Override
    public BuildArtifact build(BuildRequest request, Progress output) {
        String language = request.stack().language();
        return forLanguage(language).orElseThrow(() -> new IllegalArgumentException("no builder for the language '"
                + language + "'; known: " + String.join(", ", new TreeMap<>(byLanguage).keySet())))
                .build(request, output);
    }
}
