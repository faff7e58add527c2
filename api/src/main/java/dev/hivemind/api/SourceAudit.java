package dev.hivemind.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Audits an app's source during the harden stage: committed secrets, vulnerable dependencies. What it finds are
 * warnings; an audit never fails a deployment.
 */
public interface SourceAudit {

    /** No audit at all: for pipelines that are not given one. */
    SourceAudit NONE = (directory, stack) -> new Report(List.of(), List.of());

    /**
     * @param appDirectory the app's source, as the build read it
     * @param stack        what analysis found, to choose the ecosystem's audit tool
     */
    Report audit(Path appDirectory, TechStack stack);

    /**
     * @param checks          one entry per finding or per audit run, for {@code vulnerability_scan_results}
     * @param recommendations what the user should do about them
     */
    record Report(List<SecurityCheck> checks, List<String> recommendations) {
        public Report {
            checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
            recommendations = List.copyOf(Objects.requireNonNull(recommendations, "recommendations"));
        }
    }
}
