package dev.hivemind.target.hardening;

/**
 * One check of a rubric: its name and the points it adds when it passes. A rubric is one enum whose weights add up
 * to 100 (docs/security.md): {@link Rubric} for an app on the local target, {@link HostRubric} for a server,
 * {@link KubernetesRubric} for the objects of an app on a Kubernetes cluster.
 */
public sealed interface RubricItem permits Rubric, HostRubric, KubernetesRubric {

    /** The check's name as reported in {@code vulnerability_scan_results}. */
    String checkName();

    /** The points the check adds to the score when it passes. */
    int weight();

    /** This check as the target found it, with what the user could do should it fail. */
    default ScoredCheck check(boolean passed, String detail, String recommendation) {
        return new ScoredCheck(this, passed, detail, recommendation);
    }
}
