package dev.hivemind.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.ValidationCheck;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment report as a Jupyter notebook (nbformat 4.5): Markdown cells for the prose and the tables, and code
 * cells holding the data (timeline, validation, metrics, readiness) as Python literals, without outputs.
 */
public final class NotebookReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(ReportModel model) {
        ObjectNode notebook = JSON.createObjectNode();
        notebook.put("nbformat", 4).put("nbformat_minor", 5);
        ObjectNode metadata = notebook.putObject("metadata");
        metadata.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3")
                .put("language", "python");
        metadata.putObject("language_info").put("name", "python");
        ArrayNode cells = notebook.putArray("cells");
        for (String markdown : markdownParts(model)) {
            cells.add(cell("markdown", markdown, cells.size()));
        }
        cells.add(cell("code", data(model), cells.size()));
        try {
            return JSON.writeValueAsString(notebook) + "\n";
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** The Markdown report split at its {@code ##} sections, one cell each. */
    private static List<String> markdownParts(ReportModel model) {
        String markdown = new MarkdownReport().render(model);
        List<String> parts = new ArrayList<>();
        for (String part : markdown.split("\n(?=## )")) {
            parts.add(part.strip());
        }
        return parts;
    }

    private static ObjectNode cell(String type, String source, int index) {
        ObjectNode cell = JSON.createObjectNode();
        cell.put("cell_type", type).put("id", "cell-" + index);
        cell.putObject("metadata");
        if (type.equals("code")) {
            cell.putNull("execution_count");
            cell.putArray("outputs");
        }
        cell.put("source", source);
        return cell;
    }

    private static String data(ReportModel model) {
        return "# The report's data, for analysis: run this cell, then e.g. use pandas.DataFrame(timeline).\n"
                + "deployment = " + PythonLiteral.of(deployment(model)) + "\n"
                + "timeline = " + PythonLiteral.of(model.timeline().stream().map(entry -> row("stage", entry.stage(),
                "agent", entry.agent(), "started_at", entry.startedAt().toString(), "offset_seconds",
                entry.offset().toMillis() / 1000.0, "seconds", entry.took().toMillis() / 1000.0, "status",
                entry.status().toString())).toList()) + "\n"
                + "validation = " + PythonLiteral.of(model.validation().stream().map(NotebookReport::check).toList())
                + "\n"
                + "metrics = " + PythonLiteral.of(model.metrics().stream().map(metric -> row("metric", metric.name(),
                "target", metric.target(), "actual", metric.actual(), "status", metric.status().toString())).toList())
                + "\n"
                + "readiness = " + PythonLiteral.of(model.readiness().stream().map(NotebookReport::readiness).toList())
                + "\n";
    }

    private static Map<String, Object> deployment(ReportModel model) {
        var state = model.state();
        return row("id", state.deploymentId(), "app", state.app(), "status", state.status().toString(), "target",
                state.target(), "url", state.url().orElse(null), "security_score",
                state.securityConfig().map(security -> (Object) security.securityScore()).orElse(null),
                "artifact_checksum", state.buildArtifact().map(artifact -> artifact.checksum()).orElse(null));
    }

    private static Map<String, Object> check(ValidationCheck check) {
        return row("check", check.name(), "url", check.url(), "passed", check.passed(), "status_code",
                check.statusCode(), "latency_ms", check.durationMillis(), "detail", check.detail());
    }

    private static Map<String, Object> readiness(ReportModel.Readiness row) {
        Map<String, Object> values = row("component", row.component());
        for (int i = 0; i < row.marks().size(); i++) {
            values.put(ReportModel.READINESS_COLUMNS.get(i), row.marks().get(i).toString());
        }
        return values;
    }

    /** An ordered dict from alternating keys and values. */
    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
