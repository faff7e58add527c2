package dev.hivemind.analyzer.audit;

import dev.hivemind.analyzer.stack.node.NodeDetector;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SourceAudit;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The harden stage's audit of an app's source: a {@link SecretScanner} scan, reported as one
 * {@code committed-secret} check per finding (at most {@value #MAX_REPORTED}), and for Node apps
 * {@code npm audit} ({@link NpmAudit}) as one {@code dependency-audit} check.
 */
public final class RepositoryAudit implements SourceAudit {
    /** The most findings reported one by one; the rest are counted. */
    static final int MAX_REPORTED = 50;
    /** How long {@code npm audit} may take by default. */
    public static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(60);

    private final String path;
    private final Duration auditTimeout;

    /** An audit that finds npm on this process's PATH and gives it {@link #AUDIT_TIMEOUT}. */
    public RepositoryAudit() {
        this(Objects.requireNonNullElse(System.getenv("PATH"), ""), AUDIT_TIMEOUT);
    }

    RepositoryAudit(String path, Duration auditTimeout) {
        this.path = path;
        this.auditTimeout = auditTimeout;
    }

    @Override
    public Report audit(Path appDirectory, TechStack stack) {
        List<SecurityCheck> checks = new ArrayList<>();
        List<String> recommendations = new ArrayList<>();
        secrets(SecretScanner.scan(appDirectory), checks, recommendations);
        dependencies(appDirectory, stack, checks, recommendations);
        return new Report(checks, recommendations);
    }

    private static void secrets(SecretScanner.Result result, List<SecurityCheck> checks,
                                List<String> recommendations) {
        String scope = result.filesScanned() + " files scanned, " + result.filesSkipped()
                + " binary or larger than " + SecretScanner.MAX_FILE_BYTES / 1024 + " KiB skipped";
        if (result.findings().isEmpty()) {
            checks.add(new SecurityCheck("committed-secrets", true, "no secrets found in the source (" + scope + ")"));
            return;
        }
        result.findings().stream().limit(MAX_REPORTED)
                .forEach(finding -> checks.add(new SecurityCheck("committed-secret", false, finding.describe())));
        if (result.findings().size() > MAX_REPORTED) {
            checks.add(new SecurityCheck("committed-secret", false, (result.findings().size() - MAX_REPORTED)
                    + " more possible secrets not listed"));
        }
        recommendations.add(result.findings().size() + " possible secret(s) in the source (" + scope + "): revoke and "
                + "rotate each one, remove it from the repository's history, and pass it through the environment "
                + "(hivemind.yaml env: with ${VAR} or a file) instead");
    }

    private void dependencies(Path appDirectory, TechStack stack, List<SecurityCheck> checks,
                              List<String> recommendations) {
        if (!stack.language().equals(NodeDetector.LANGUAGE)) {
            checks.add(new SecurityCheck("dependency-audit", true, "skipped: no dependency audit tool for "
                    + stack.language() + " works here (only npm audit has its registry within reach)"));
            return;
        }
        switch (NpmAudit.run(appDirectory, path, auditTimeout)) {
            case NpmAudit.Summary summary -> {
                checks.add(new SecurityCheck("dependency-audit", summary.total() == 0,
                        "npm audit: " + summary.describe()));
                if (summary.total() > 0) {
                    recommendations.add("npm audit found " + summary.total() + " vulnerable package(s): run "
                            + "`npm audit` in " + appDirectory + " and `npm audit fix` or upgrade them");
                }
            }
            case NpmAudit.Skipped skipped -> checks.add(new SecurityCheck("dependency-audit", true,
                    "skipped: " + skipped.reason()));
        }
    }
}
