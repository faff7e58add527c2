package dev.hivemind.engine;

import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.Target;
import java.util.Objects;

/** The implementations the standard pipeline drives, all behind api interfaces. */
public record Services(
        SourceFetcher sourceFetcher, StackAnalyzer stackAnalyzer, ArtifactBuilder artifactBuilder, Target target,
        StageSettings settings) {

    public Services {
        Objects.requireNonNull(sourceFetcher, "sourceFetcher");
        Objects.requireNonNull(stackAnalyzer, "stackAnalyzer");
        Objects.requireNonNull(artifactBuilder, "artifactBuilder");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(settings, "settings");
    }

    /** The services with the default {@link StageSettings}. */
    public Services(SourceFetcher sourceFetcher, StackAnalyzer stackAnalyzer, ArtifactBuilder artifactBuilder,
                    Target target) {
        this(sourceFetcher, stackAnalyzer, artifactBuilder, target, StageSettings.defaults());
    }
}
