package dev.hivemind.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.state.JournalWriterTest;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Each report format over a deployment that completed and one whose build failed. */
class ReportTest {
    private static final String SVG = "http://www.w3.org/2000/svg";
    private final ReportModel deployed = ReportModel.of(ReportStates.deployed());
    private final ReportModel failed = ReportModel.of(ReportStates.buildFailed());

    @Test
    void markdownHasEverySectionInOrder() {
        String report = new MarkdownReport().render(deployed);

        assertThat(headings(report)).containsExactly("Deployment Plan", "Build", "Infrastructure", "Deployment",
                "Hardening", "Validation Results", "Deployment Readiness", "Operational Metrics", "Runbook",
                "Timeline", "Key Learnings");
        assertThat(report).startsWith("# Deployment report: shop\n\nDeployment " + ReportStates.ID
                + " of app shop to target local: complete, serving http://127.0.0.1:8080.");
    }

    @Test
    void markdownNamesTheArtifactHardeningAndValidation() {
        String report = new MarkdownReport().render(deployed);

        assertThat(JournalWriterTest.section(report, "Build")).contains("- Checksum: " + ReportStates.CHECKSUM,
                "- Artifact: /home/h/deployments/" + ReportStates.ID + "/artifacts (directory, 2.0 KiB)",
                "- Built with npm ci in 12.5 s");
        assertThat(JournalWriterTest.section(report, "Hardening")).contains("- Security score: 85/100",
                "- Finding: tls: did not pass (the proxy serves plain HTTP)", "- Recommendation: enable TLS with --tls");
        assertThat(JournalWriterTest.section(report, "Validation Results"))
                .contains("| health | http://127.0.0.1:8080/health | passed | 200 | 42 ms | expected 2xx/3xx, got 200 |");
        assertThat(JournalWriterTest.section(report, "Deployment"))
                .contains("- Environment variables: API_TOKEN (values redacted)").doesNotContain("***");
    }

    @Test
    void theLoadSamplesFiguresShowNoHttpStatus() throws Exception {
        DeploymentState loaded = ReportStates.deployed().withValidation(List.of(
                new dev.hivemind.api.ValidationCheck("load p95", "http://127.0.0.1:8080/", true, 0, 12,
                        "p95 12 ms over 50 requests, target 500 ms"),
                new dev.hivemind.api.ValidationCheck("smoke /", "http://127.0.0.1:8080/", false, 0, 5000,
                        "no answer within 5 s")));
        ReportModel model = ReportModel.of(loaded);

        String markdown = new MarkdownReport().render(model);
        String html = new HtmlReport().render(model);

        assertThat(markdown + html).doesNotContain("HTTP 0", "FAILED | 0 |", "passed | 0 |",
                "<td>passed</td><td>0</td>", "<td>FAILED</td><td>0</td>");
        assertThat(JournalWriterTest.section(markdown, "Validation Results"))
                .contains("| load p95 | http://127.0.0.1:8080/ | passed | n/a (load sample) | 12 ms |",
                        "| smoke / | http://127.0.0.1:8080/ | FAILED | no answer | 5000 ms |");
        assertThat(byId(parse(html), "latency-chart").getTextContent()).contains("load p95: 12 ms, n/a (load sample)",
                "smoke /: 5000 ms, no answer");
    }

    @Test
    void readinessMatrixMarksEachComponent() {
        String deployedMatrix = JournalWriterTest.section(new MarkdownReport().render(deployed), "Deployment Readiness");
        String failedMatrix = JournalWriterTest.section(new MarkdownReport().render(failed), "Deployment Readiness");

        assertThat(deployedMatrix).contains("| component | built | tested | scanned | deployed | verified |",
                "| application (node/express) | yes | yes | yes | yes | yes |",
                "| infrastructure (target local) | n/a | yes | yes | yes | yes |",
                "| edge proxy (port 8080) | n/a | yes | yes | yes | yes |");
        assertThat(failedMatrix).contains("| application | no | no | no | no | no |",
                "| infrastructure (target local) | n/a | no | no | no | no |");
    }

    @Test
    void metricsMatrixComparesWhatTheStateHoldsWithItsTarget() {
        String deployedMetrics = JournalWriterTest.section(new MarkdownReport().render(deployed), "Operational Metrics");
        String failedMetrics = JournalWriterTest.section(new MarkdownReport().render(failed), "Operational Metrics");

        assertThat(deployedMetrics).contains("| build duration | ≤ 300 s | 12.5 s | met |",
                "| deployment duration | ≤ 10 min | 9.0 s | met |", "| health check (health) | 2xx or 3xx | HTTP 200 | met |",
                "| health check latency | ≤ 1000 ms | 42 ms | met |", "| security score | ≥ 80 | 85/100 | met |",
                "| validation checks passed | all | 1/1 | met |", "| errors | 0 | 0 | met |",
                "| retries | 0 | 1 | missed |", "| stage 020 build duration | - | 0.9 s (completed) | recorded |",
                "| estimated cost per month | - | $0.00 | recorded |");
        assertThat(failedMetrics).contains("| build duration | ≤ 300 s | not recorded | no data |",
                "| errors | 0 | 1 | missed |", "| stage 020 build duration | - | 2.0 s (failed) | recorded |");
    }

    @Test
    void runbookGivesTheExactCommands() {
        assertThat(JournalWriterTest.section(new MarkdownReport().render(deployed), "Runbook")).contains(
                "- roll back to the previous release: `hivemind rollback shop`",
                "- roll back to this release: `hivemind rollback shop --to " + ReportStates.ID + "`",
                "- destroy the app (stop it, free its port): `hivemind destroy shop`",
                "- this deployment's log: `hivemind logs " + ReportStates.ID + "`",
                "- the app's output, followed: `hivemind logs shop --follow`",
                "- status of this deployment: `hivemind status " + ReportStates.ID + "`");
        assertThat(JournalWriterTest.section(new MarkdownReport().render(failed), "Runbook"))
                .contains("- next step for status failed: `hivemind retry " + ReportStates.ID + " --stage build`");
    }

    @Test
    void timelineAndLearningsFollowTheStages() {
        String report = new MarkdownReport().render(failed);

        assertThat(JournalWriterTest.section(report, "Timeline")).contains(
                "| 000 init | Conductor | 2026-11-22T03:35:12.123Z | +0.0 s | 0.1 s | completed |",
                "| 020 build | Compiler | 2026-11-22T03:35:13.123Z | +1.0 s | 2.0 s | failed |");
        assertThat(JournalWriterTest.section(report, "Key Learnings")).contains("- BuildError from Compiler at "
                + "2026-11-22T03:35:15.123Z: npm ci failed with exit code 1 (context: Installing dependencies; "
                + "remediation: Check package.json for invalid dependencies)");
    }

    @Test
    void htmlIsOneWellFormedFileWithBothCharts() throws Exception {
        String html = new HtmlReport().render(deployed);
        Document document = parse(html);

        assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import");
        Element timeline = byId(document, "timeline-chart");
        assertThat(timeline.getNamespaceURI()).isEqualTo(SVG);
        assertThat(timeline.getElementsByTagNameNS(SVG, "rect").getLength()).isEqualTo(9);
        Element latency = byId(document, "latency-chart");
        NodeList bars = latency.getElementsByTagNameNS(SVG, "rect");
        assertThat(bars.getLength()).isEqualTo(1);
        assertThat(bars.item(0).getTextContent()).isEqualTo("health: 42 ms, HTTP 200");
        assertThat(latency.getTextContent()).contains("target 1000 ms");
        assertThat(document.getElementsByTagName("h2").getLength()).isEqualTo(11);
        assertThat(document.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("Deployment report: shop");
    }

    @Test
    void htmlWithoutLatencyFiguresSaysSo() throws Exception {
        String html = new HtmlReport().render(failed);

        Document document = parse(html);
        assertThat(html).contains("No latency figures: the state holds no validation checks.");
        assertThat(document.getElementsByTagNameNS(SVG, "svg").getLength()).isEqualTo(1);
        assertThat(byId(document, "timeline-chart").getElementsByTagNameNS(SVG, "rect").getLength()).isEqualTo(2);
    }

    @Test
    void htmlEscapesTextAndDropsCharactersXmlForbids() throws Exception {
        DeploymentState state = ReportStates.deployed().withUrl("http://x/?a=<b>&c=\"d\"\u0007");

        String html = new HtmlReport().render(ReportModel.of(state));

        assertThat(html).contains("http://x/?a=&lt;b&gt;&amp;c=&quot;d&quot;\uFFFD");
        parse(html);
    }

    @Test
    void notebookIsNbformat4WithMarkdownAndDataCells() throws Exception {
        JsonNode notebook = new ObjectMapper().readTree(new NotebookReport().render(deployed));

        assertThat(notebook.get("nbformat").asInt()).isEqualTo(4);
        assertThat(notebook.get("nbformat_minor").asInt()).isEqualTo(5);
        assertThat(notebook.get("metadata").get("kernelspec").get("name").asText()).isEqualTo("python3");
        List<String> types = new ArrayList<>();
        notebook.get("cells").forEach(cell -> types.add(cell.get("cell_type").asText()));
        assertThat(types).hasSize(13).endsWith("code").containsOnly("markdown", "code");
        JsonNode data = notebook.get("cells").get(12);
        assertThat(data.get("outputs")).isEmpty();
        assertThat(data.get("execution_count").isNull()).isTrue();
        assertThat(data.get("source").asText()).contains("timeline = [\n    {\"stage\": \"000 init\", \"agent\": "
                        + "\"Conductor\", \"started_at\": \"2026-11-22T03:35:12.123Z\", \"offset_seconds\": 0.0, "
                        + "\"seconds\": 0.9, \"status\": \"completed\"},",
                "validation = [\n    {\"check\": \"health\", \"url\": \"http://127.0.0.1:8080/health\", \"passed\": True, "
                        + "\"status_code\": 200, \"latency_ms\": 42, \"detail\": \"expected 2xx/3xx, got 200\"},\n]",
                "\"security_score\": 85", "\"artifact_checksum\": \"" + ReportStates.CHECKSUM + "\"");
        assertThat(notebook.get("cells").get(1).get("source").asText()).startsWith("## Deployment Plan\n");
    }

    @Test
    void pythonLiteralsEscapeWhatPythonNeeds() {
        assertThat(PythonLiteral.of("a\"b\\c\nd\u0007é🚀")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0007é🚀\"");
        assertThat(PythonLiteral.of(java.util.Arrays.asList(true, null, 1.5, 7L))).isEqualTo(
                "[\n    True,\n    None,\n    1.5,\n    7,\n]");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static Element byId(Document document, String id) {
        NodeList svgs = document.getElementsByTagNameNS(SVG, "svg");
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            if (svg.getAttribute("id").equals(id)) {
                return svg;
            }
        }
        throw new AssertionError("no svg with id " + id);
    }

    private static List<String> headings(String markdown) {
        return markdown.lines().filter(line -> line.startsWith("## ")).map(line -> line.substring(3)).toList();
    }
}
