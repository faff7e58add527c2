package dev.hivemind.engine.report;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.engine.report.ReportModel.Metric;
import dev.hivemind.engine.report.ReportModel.MetricStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The operational metrics matrix: each figure the state holds against its target. The targets are HiveMind's
 * defaults: a build within 5 minutes, a deployment within 10, a health answer (2xx/3xx) within 1 s, a security score
 * of at least 80, every validation check passing, no errors and no retries.
 */
final class ReportMetrics {
    static final double BUILD_TARGET_SECONDS = 300;
    static final Duration DEPLOYMENT_TARGET = Duration.ofMinutes(10);
    static final long LATENCY_TARGET_MILLIS = 1000;
    static final int SECURITY_TARGET = 80;

    private ReportMetrics() {
    }

    static List<Metric> of(DeploymentState state) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(build(state));
        metrics.add(deployment(state));
        Optional<ValidationCheck> health = state.validation().stream().filter(check -> check.name().equals("health"))
                .findFirst().or(() -> state.validation().stream().findFirst());
        metrics.add(health.map(check -> new Metric("health check (" + check.name() + ")", "2xx or 3xx",
                        check.answer(), met(check.passed())))
                .orElse(noData("health check", "2xx or 3xx")));
        metrics.add(health.map(check -> new Metric("health check latency", "≤ " + LATENCY_TARGET_MILLIS + " ms",
                        check.durationMillis() + " ms", met(check.passed() && check.durationMillis() <= LATENCY_TARGET_MILLIS)))
                .orElse(noData("health check latency", "≤ " + LATENCY_TARGET_MILLIS + " ms")));
        metrics.add(state.securityConfig().map(security -> new Metric("security score", "≥ " + SECURITY_TARGET,
                        security.securityScore() + "/100", met(security.securityScore() >= SECURITY_TARGET)))
                .orElse(noData("security score", "≥ " + SECURITY_TARGET)));
        metrics.add(validation(state));
        metrics.add(new Metric("errors", "0", String.valueOf(state.errors().size()), met(state.errors().isEmpty())));
        int retries = state.stages().stream().mapToInt(stage -> Math.max(0, stage.attempts() - 1)).sum();
        metrics.add(new Metric("retries", "0", String.valueOf(retries), met(retries == 0)));
        for (StageRecord stage : state.stages()) {
            stageDuration(stage).ifPresent(metrics::add);
        }
        metrics.add(new Metric("estimated cost per month", "-", Numbers.dollars(
                state.estimatedCostPerMonth()), MetricStatus.RECORDED));
        return metrics;
    }

    private static Metric build(DeploymentState state) {
        String target = "≤ " + (int) BUILD_TARGET_SECONDS + " s";
        return state.buildArtifact().map(artifact -> new Metric("build duration", target,
                        String.format(Locale.ROOT, "%.1f s", artifact.buildDurationSeconds()),
                        met(artifact.buildDurationSeconds() <= BUILD_TARGET_SECONDS)))
                .orElse(noData("build duration", target));
    }

    private static Metric deployment(DeploymentState state) {
        String target = "≤ " + DEPLOYMENT_TARGET.toMinutes() + " min";
        return state.completedAt().map(end -> Duration.between(state.createdAt(), end)).filter(d -> !d.isNegative())
                .map(took -> new Metric("deployment duration", target, ReportModel.seconds(took),
                        met(took.compareTo(DEPLOYMENT_TARGET) <= 0)))
                .orElse(noData("deployment duration", target));
    }

    private static Metric validation(DeploymentState state) {
        List<ValidationCheck> checks = state.validation();
        if (checks.isEmpty()) {
            return noData("validation checks passed", "all");
        }
        long passed = checks.stream().filter(ValidationCheck::passed).count();
        return new Metric("validation checks passed", "all", passed + "/" + checks.size(), met(passed == checks.size()));
    }

    private static Optional<Metric> stageDuration(StageRecord stage) {
        return stage.startedAt().flatMap(start -> stage.finishedAt().map(end -> Duration.between(start, end)))
                .filter(took -> !took.isNegative())
                .map(took -> new Metric("stage " + stage.name().number() + " " + stage.name() + " duration", "-",
                        ReportModel.seconds(took) + " (" + stage.status() + ")", MetricStatus.RECORDED));
    }

    private static MetricStatus met(boolean met) {
        return met ? MetricStatus.MET : MetricStatus.MISSED;
    }

    private static Metric noData(String name, String target) {
        return new Metric(name, target, "not recorded", MetricStatus.NO_DATA);
    }
}
