package dev.hivemind.engine.report;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.StageStatus;
import java.util.List;
import java.util.Locale;

/** The HTML report's inline SVG charts: stage durations on a timeline, and validation latency. */
final class SvgCharts {
    private static final int WIDTH = 720;
    private static final int LABEL = 170;
    private static final int PLOT = WIDTH - LABEL - 90;
    private static final int ROW = 24;

    private SvgCharts() {
    }

    /** Each stage as a bar starting at its offset from the first stage, as long as it took. */
    static String timeline(List<ReportModel.TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return "<p class=\"none\">No stage has started: there is no timeline to draw.</p>\n";
        }
        long total = Math.max(1, entries.stream().mapToLong(e -> e.offset().plus(e.took()).toMillis()).max()
                .orElse(1));
        Xml svg = open("timeline-chart", entries.size(), "Stage durations on the deployment's timeline");
        for (int i = 0; i < entries.size(); i++) {
            ReportModel.TimelineEntry entry = entries.get(i);
            int y = 10 + i * ROW;
            double x = LABEL + PLOT * (double) entry.offset().toMillis() / total;
            double width = Math.max(2, PLOT * (double) entry.took().toMillis() / total);
            label(svg, y, entry.stage());
            bar(svg, "stage-bar", x, y, width, color(entry.status()), entry.stage() + " took "
                    + ReportModel.seconds(entry.took()));
            value(svg, x + width + 6, y, ReportModel.seconds(entry.took()));
        }
        return svg.raw("</svg>\n").toString();
    }

    /** Each validation check's answer time, against the latency target (a dashed line). */
    static String latency(List<ValidationCheck> checks) {
        if (checks.isEmpty()) {
            return "<p class=\"none\">No latency figures: the state holds no validation checks.</p>\n";
        }
        long scale = Math.max(ReportMetrics.LATENCY_TARGET_MILLIS, checks.stream()
                .mapToLong(ValidationCheck::durationMillis).max().orElse(1));
        Xml svg = open("latency-chart", checks.size(), "Validation latency per check, in milliseconds");
        for (int i = 0; i < checks.size(); i++) {
            ValidationCheck check = checks.get(i);
            int y = 10 + i * ROW;
            double width = Math.max(2, PLOT * (double) check.durationMillis() / scale);
            label(svg, y, check.name());
            bar(svg, "latency-bar", LABEL, y, width, check.passed() ? "#2da44e" : "#cf222e", check.name() + ": "
                    + check.durationMillis() + " ms, " + check.answer());
            value(svg, LABEL + width + 6, y, check.durationMillis() + " ms");
        }
        double target = LABEL + PLOT * (double) ReportMetrics.LATENCY_TARGET_MILLIS / scale;
        int bottom = 10 + checks.size() * ROW;
        svg.raw(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#57606a\" "
                + "stroke-dasharray=\"4 3\"/>%n", target, target, bottom));
        svg.raw(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">target %d ms</text>%n",
                target, bottom + 14, ReportMetrics.LATENCY_TARGET_MILLIS));
        return svg.raw("</svg>\n").toString();
    }

    private static Xml open(String id, int rows, String title) {
        int height = 30 + rows * ROW;
        return new Xml().raw("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\" role=\"img\" width=\""
                + WIDTH + "\" height=\"" + height + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\">\n")
                .element("title", title);
    }

    private static void label(Xml svg, int y, String text) {
        svg.raw("<text x=\"4\" y=\"" + (y + 14) + "\">").text(Markdown.oneLine(shorten(text))).raw("</text>\n");
    }

    private static void bar(Xml svg, String kind, double x, int y, double width, String fill, String tooltip) {
        svg.raw(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" "
                + "fill=\"%s\"><title>", kind, x, y, width, fill)).text(Markdown.oneLine(tooltip))
                .raw("</title></rect>\n");
    }

    private static void value(Xml svg, double x, int y, String text) {
        svg.raw(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">", x, y + 14)).text(text).raw("</text>\n");
    }

    private static String shorten(String text) {
        return text.length() <= 26 ? text : text.substring(0, 25) + "…";
    }

    private static String color(StageStatus status) {
        return switch (status) {
            case COMPLETED -> "#2da44e";
            case FAILED -> "#cf222e";
            case RUNNING -> "#bf8700";
            case SKIPPED, PENDING -> "#8c959f";
        };
    }
}
