package dev.hivemind.engine.report;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.DeploymentState;

/** A deployment report as Markdown: the sections, validation, both matrices, the runbook and the timeline. */
public final class MarkdownReport {
    /** The report's section headings, in order. */
    static final String VALIDATION = "Validation Results";
    static final String READINESS = "Deployment Readiness";
    static final String METRICS = "Operational Metrics";
    static final String RUNBOOK = "Runbook";
    static final String TIMELINE = "Timeline";
    static final String LEARNINGS = "Key Learnings";

    public String render(ReportModel model) {
        Markdown md = new Markdown();
        heading(model.state(), md);
        for (ReportModel.Section section : model.sections()) {
            md.section(section.title());
            section.facts().forEach(md::item);
        }
        validation(model, md.section(VALIDATION));
        readiness(model, md.section(READINESS));
        metrics(model, md.section(METRICS));
        runbook(model, md.section(RUNBOOK));
        timeline(model, md.section(TIMELINE));
        learnings(model, md.section(LEARNINGS));
        return md.toString();
    }

    /** The title and the one-line summary every format starts with. */
    static String title(DeploymentState state) {
        return "Deployment report: " + state.app();
    }

    static String summary(DeploymentState state) {
        return "Deployment " + state.deploymentId() + " of app " + state.app() + " to target " + state.target()
                + ": " + state.status() + state.url().map(url -> ", serving " + url).orElse("") + ". Created "
                + state.createdAt() + state.completedAt().map(at -> ", finished " + at).orElse("") + ".";
    }

    private static void heading(DeploymentState state, Markdown md) {
        md.line("# " + Markdown.oneLine(title(state))).blank().line(Markdown.oneLine(summary(state)));
    }

    private static void validation(ReportModel model, Markdown md) {
        if (model.validation().isEmpty()) {
            md.line("No validation checks recorded.");
            return;
        }
        md.row("check", "URL", "result", "status", "time", "detail").rule(6);
        for (ValidationCheck check : model.validation()) {
            md.row(check.name(), check.url(), check.passed() ? "passed" : "FAILED", check.statusText(),
                    check.durationMillis() + " ms", check.detail());
        }
    }

    private static void readiness(ReportModel model, Markdown md) {
        String[] header = new String[ReportModel.READINESS_COLUMNS.size() + 1];
        header[0] = "component";
        for (int i = 0; i < ReportModel.READINESS_COLUMNS.size(); i++) {
            header[i + 1] = ReportModel.READINESS_COLUMNS.get(i);
        }
        md.row(header).rule(header.length);
        for (ReportModel.Readiness row : model.readiness()) {
            String[] cells = new String[header.length];
            cells[0] = row.component();
            for (int i = 0; i < row.marks().size(); i++) {
                cells[i + 1] = row.marks().get(i).toString();
            }
            md.row(cells);
        }
    }

    private static void metrics(ReportModel model, Markdown md) {
        md.row("metric", "target", "actual", "status").rule(4);
        model.metrics().forEach(metric -> md.row(metric.name(), metric.target(), metric.actual(),
                metric.status().toString()));
    }

    private static void runbook(ReportModel model, Markdown md) {
        model.runbook().forEach(command -> md.item(command.purpose() + ": `" + command.command() + "`"));
    }

    private static void timeline(ReportModel model, Markdown md) {
        if (model.timeline().isEmpty()) {
            md.line("No stage has started.");
            return;
        }
        md.row("stage", "agent", "started", "offset", "took", "status").rule(6);
        model.timeline().forEach(entry -> md.row(entry.stage(), entry.agent(), entry.startedAt().toString(),
                "+" + ReportModel.seconds(entry.offset()), ReportModel.seconds(entry.took()), entry.status().toString()));
    }

    private static void learnings(ReportModel model, Markdown md) {
        if (model.learnings().isEmpty()) {
            md.line("No errors or retries.");
        }
        model.learnings().forEach(md::item);
    }
}
