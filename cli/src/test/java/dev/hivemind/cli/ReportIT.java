package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reports through the real CLI: deploy examples/node-plain with a secret in its environment, then `report` it as
 * Markdown on stdout, HTML and a notebook in files (the notebook checked by Debian's python3-nbformat), an unknown
 * id refused; destroy at the end. Ordered: each step builds on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "node-plain";
    private static final String SECRET = "s3cr3t-report-value";
    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static CliHarness cli;
    private static int port;
    private static String id;
    private static JsonNode state;

    @BeforeAll
    static void setUp() {
        cli = new CliHarness(home, work);
        port = CliHarness.freePort();
    }

    @AfterAll
    static void tearDown() {
        cli.close();
    }

    @Test
    @Order(1)
    void deploysTheNodeExample() throws Exception {
        CliHarness.Result result = cli.run("deploy", CliHarness.example(APP).toString(), "--port",
                String.valueOf(port), "--env", "API_TOKEN=" + SECRET, "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        state = JSON.readTree(result.out());
        assertThat(state.get("status").asText()).isEqualTo("complete");
        id = state.get("deployment_id").asText();
    }

    @Test
    @Order(2)
    void markdownGoesToStdoutByDefault() {
        CliHarness.Result result = cli.run("report", id);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("# Deployment report: " + APP + "\n")
                .contains("- Checksum: " + state.get("build_artifact").get("checksum").asText())
                .contains("| application (nodejs/none) | yes | yes | yes | yes | yes |")
                .contains("| health check (health) | 2xx or 3xx | HTTP 200 | met |")
                .contains("- roll back to the previous release: `hivemind rollback " + APP + "`")
                .contains("- destroy the app (stop it, free its port): `hivemind destroy " + APP + "`")
                .contains("- Environment variables: API_TOKEN (values redacted)")
                .contains("| 040 deploy | Deployer |")
                .doesNotContain(SECRET);
    }

    @Test
    @Order(3)
    void htmlIsWrittenToAFileWithItsCharts() throws Exception {
        CliHarness.Result result = cli.run("report", APP, "--format", "html", "--out", "report.html");

        Path file = work.resolve("report.html");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Report (html) of deployment " + id + " written to " + file + "\n");
        String html = Files.readString(file);
        assertThat(html).doesNotContain(SECRET, "<script", "src=", "href=");
        Document document = parse(html);
        NodeList charts = document.getElementsByTagNameNS(SVG, "svg");
        assertThat(charts.getLength()).isEqualTo(2);
        Element latency = (Element) charts.item(0);
        Element timeline = (Element) charts.item(1);
        assertThat(latency.getAttribute("id")).isEqualTo("latency-chart");
        assertThat(latency.getElementsByTagNameNS(SVG, "rect").item(0).getTextContent())
                .startsWith("health: ").endsWith(" ms, HTTP 200");
        assertThat(timeline.getAttribute("id")).isEqualTo("timeline-chart");
        assertThat(timeline.getElementsByTagNameNS(SVG, "rect").getLength()).isEqualTo(9);
    }

    @Test
    @Order(4)
    void theNotebookValidatesUnderNbformat() throws Exception {
        CliHarness.Result result = cli.run("report", id, "--format", "ipynb", "--out", "report.ipynb");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path notebook = work.resolve("report.ipynb");
        assertThat(Files.readString(notebook)).doesNotContain(SECRET);
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, nbformat; "
                + "nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", notebook.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes()).strip();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("/usr/bin/python3 with Debian's python3-nbformat (scripts/test installs it)")
                .isEqualTo("valid");
    }

    @Test
    @Order(5)
    void anUnknownIdIsBadInputWithAHint() {
        CliHarness.Result result = cli.run("report", "20990101-000000-000-nosuchdeplo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no deployment or app named '20990101-000000-000-nosuchdeplo'",
                "Run 'hivemind status' to list apps");
        assertThat(result.out()).isEmpty();
    }

    @Test
    @Order(6)
    void destroyStopsTheApp() {
        CliHarness.Result result = cli.run("destroy", APP, "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(DeployIT.portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in " + home).isEmpty();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
