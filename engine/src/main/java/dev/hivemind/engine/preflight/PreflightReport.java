package dev.hivemind.engine.preflight;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.PreflightException;
import dev.hivemind.engine.StageContext;
import java.util.List;
import java.util.stream.Collectors;

/** Logs preflight checks and fails with every critical failure at once. */
public final class PreflightReport {

    private PreflightReport() {
    }

    /**
     * @throws PreflightException listing every failed critical check with its remediation
     */
    public static void settle(List<PreflightCheck> checks, StageContext context, Agent agent, String doing) {
        for (PreflightCheck check : checks) {
            if (check.passed()) {
                context.info("check " + check.name() + " passed: " + check.detail());
            } else if (!check.critical()) {
                context.warn("check " + check.name() + " warns: " + check.detail() + " (" + check.remediation() + ")");
            }
        }
        List<PreflightCheck> failed = checks.stream().filter(check -> !check.passed() && check.critical()).toList();
        if (failed.isEmpty()) {
            return;
        }
        String what = failed.stream().map(check -> check.name() + ": " + check.detail())
                .collect(Collectors.joining("; "));
        String remedies = failed.stream().map(check -> check.name() + ": " + check.remediation())
                .collect(Collectors.joining("; "));
        throw new PreflightException(agent,
                failed.size() + (failed.size() == 1 ? " preflight check failed: " : " preflight checks failed: ") + what,
                doing, remedies);
    }
}
