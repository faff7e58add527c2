package dev.hivemind.engine.report;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.DeploymentState;
import java.util.List;
import java.util.Locale;

/**
 * A deployment report as one self-contained HTML file: inline CSS, no scripts, no external resources, the stage
 * timeline and the validation latency drawn as inline SVG. Written as well-formed XHTML so any XML parser reads it.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1f24;line-height:1.45}
            h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
            table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}
            th{background:#f6f8fa}td.yes,td.met{color:#1a7f37;font-weight:600}td.no,td.missed{color:#cf222e;font-weight:600}
            code{background:#f6f8fa;padding:.1rem .3rem;border-radius:3px}p.none{color:#57606a;font-style:italic}
            svg text{font-size:12px;font-family:system-ui,sans-serif}
            """;

    public String render(ReportModel model) {
        Xml html = new Xml();
        DeploymentState state = model.state();
        html.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .raw("<meta charset=\"utf-8\"/>\n").element("title", MarkdownReport.title(state))
                .raw("\n<style>").raw(CSS).raw("</style>\n</head>\n<body>\n")
                .element("h1", MarkdownReport.title(state)).element("p", MarkdownReport.summary(state));
        for (ReportModel.Section section : model.sections()) {
            html.element("h2", section.title()).list(section.facts());
        }
        html.element("h2", MarkdownReport.VALIDATION);
        validation(model.validation(), html);
        html.raw(SvgCharts.latency(model.latencies()));
        html.element("h2", MarkdownReport.READINESS);
        readiness(model, html);
        html.element("h2", MarkdownReport.METRICS);
        metrics(model, html);
        html.element("h2", MarkdownReport.RUNBOOK).raw("<ul>\n");
        model.runbook().forEach(command -> html.raw("<li>").text(command.purpose() + ": ")
                .element("code", command.command()).raw("</li>\n"));
        html.raw("</ul>\n").element("h2", MarkdownReport.TIMELINE);
        html.raw(SvgCharts.timeline(model.timeline()));
        timeline(model, html);
        html.element("h2", MarkdownReport.LEARNINGS);
        if (model.learnings().isEmpty()) {
            html.element("p", "No errors or retries.");
        } else {
            html.list(model.learnings());
        }
        return html.raw("</body>\n</html>\n").toString();
    }

    private static void validation(List<ValidationCheck> checks, Xml html) {
        if (checks.isEmpty()) {
            html.raw("<p class=\"none\">").text("No validation checks recorded.").raw("</p>\n");
            return;
        }
        html.header("check", "URL", "result", "status", "time", "detail");
        for (ValidationCheck check : checks) {
            html.row(List.of(check.name(), check.url(), check.passed() ? "passed" : "FAILED",
                    check.statusText(), check.durationMillis() + " ms", check.detail()), "");
        }
        html.raw("</table>\n");
    }

    private static void readiness(ReportModel model, Xml html) {
        html.raw("<table id=\"readiness\">\n<tr>").element("th", "component");
        ReportModel.READINESS_COLUMNS.forEach(column -> html.element("th", column));
        html.raw("</tr>\n");
        for (ReportModel.Readiness row : model.readiness()) {
            html.raw("<tr>").element("td", row.component());
            row.marks().forEach(mark -> html.raw("<td class=\"" + (mark == ReportModel.Mark.NOT_APPLICABLE ? "na"
                    : mark.toString()) + "\">").text(mark.toString()).raw("</td>"));
            html.raw("</tr>\n");
        }
        html.raw("</table>\n");
    }

    private static void metrics(ReportModel model, Xml html) {
        html.header("metric", "target", "actual", "status");
        model.metrics().forEach(metric -> html.row(List.of(metric.name(), metric.target(), metric.actual(),
                metric.status().toString()), metric.status().name().toLowerCase(Locale.ROOT)));
        html.raw("</table>\n");
    }

    private static void timeline(ReportModel model, Xml html) {
        if (model.timeline().isEmpty()) {
            return;
        }
        html.header("stage", "agent", "started", "offset", "took", "status");
        model.timeline().forEach(entry -> html.row(List.of(entry.stage(), entry.agent(), entry.startedAt().toString(),
                "+" + ReportModel.seconds(entry.offset()), ReportModel.seconds(entry.took()),
                entry.status().toString()), ""));
        html.raw("</table>\n");
    }
}
