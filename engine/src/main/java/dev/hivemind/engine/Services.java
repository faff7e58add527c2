package dev.hivemind.engine;

import dev.hivemind.api.ArtifactBuilder;
import dev.hivemind.api.SourceAudit;
import dev.hivemind.api.SourceFetcher;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.Target;
import java.util.Objects;

/** The implementations the standard pipeline drives, all behind api interfaces. */
public record Services(
        SourceFetcher sourceFetcher, StackAnalyzer stackAnalyzer, ArtifactBuilder artifactBuilder, Target target,
        StageSettings settings, SourceAudit sourceAudit) {

    public Services {
        Objects.requireNonNull(sourceFetcher, "sourceFetcher");
        Objects.requireNonNull(stackAnalyzer, "stackAnalyzer");
        Objects.requireNonNull(artifactBuilder, "artifactBuilder");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sourceAudit, "sourceAudit");
    }

    /** The services without an audit of the source ({@link SourceAudit#NONE}). */
    public Services(SourceFetcher sourceFetcher, StackAnalyzer stackAnalyzer, ArtifactBuilder artifactBuilder,
                    Target target, StageSettings settings) {
        this(sourceFetcher, stackAnalyzer, artifactBuilder, target, settings, SourceAudit.NONE);
    }

    /** The services with the default {@link StageSettings}. */
    public Services(SourceFetcher sourceFetcher, StackAnalyzer stackAnalyzer, ArtifactBuilder artifactBuilder,
                    Target target) {
        this(sourceFetcher, stackAnalyzer, artifactBuilder, target, StageSettings.defaults());
    }

    /** These services with the harden stage auditing the app's source with {@code audit}. */
    public Services withSourceAudit(SourceAudit audit) {
        return new Services(sourceFetcher, stackAnalyzer, artifactBuilder, target, settings, audit);
    }
}
