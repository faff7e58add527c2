package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reports through the real CLI: deploy examples/node-plain with a secret in its environment, then `report` it as
 * Markdown on stdout, HTML and a notebook in files (the HTML rendered by Debian's headless Chromium, its charts
 * checked in Chromium's DOM and its screenshot; the notebook checked by Debian's python3-nbformat), an unknown
 * id refused; destroy at the end. Ordered: each step builds on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "node-plain";
    private static final String SECRET = "s3cr3t-report-value";
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @RegisterExtension
    static final CliHome cliHome = new CliHome();
    private static final Path home = cliHome.home();
    private static final Path work = cliHome.work();
    private static final CliHarness cli = cliHome.cli();
    private static final int port = CliHarness.freePort();
    private static String id;
    private static JsonNode state;

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
                .contains("- Estimated cost: $0.00 a month", "| estimated cost per month | - | $0.00 |")
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
    void theHtmlReportRendersItsChartsInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (scripts/test installs it)");
        Path file = work.resolve("report.html");
        String html = Files.readString(file);

        String dom = chromium("--dump-dom", file.toUri().toString());

        assertThat(dom).contains("id=\"timeline-chart\"", "id=\"latency-chart\"");
        assertThat(count(dom, "<rect class=\"stage-bar\"")).as("a bar per stage in Chromium's DOM").isEqualTo(9);
        assertThat(count(dom, "<rect class=\"latency-bar\"")).as("latency bars").isPositive();
        long withCharts = greenPixels(screenshot(file, "with-charts"));
        Path plain = work.resolve("report-without-charts.html");
        Files.writeString(plain, html.replaceAll("(?s)<svg .*?</svg>", ""));
        long withoutCharts = greenPixels(screenshot(plain, "without-charts"));
        assertThat(withCharts - withoutCharts).as("pixels of the charts' green bars Chromium painted "
                + "(with charts %d, without %d)", withCharts, withoutCharts).isGreaterThan(500);
    }

    @Test
    @Order(5)
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
    @Order(6)
    void anUnknownIdIsBadInputWithAHint() {
        CliHarness.Result result = cli.run("report", "20990101-000000-000-nosuchdeplo");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no deployment or app named '20990101-000000-000-nosuchdeplo'",
                "Run 'hivemind status' to list apps");
        assertThat(result.out()).isEmpty();
    }

    @Test
    @Order(7)
    void destroyStopsTheApp() {
        CliHarness.Result result = cli.run("destroy", APP, "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(DeployIT.portOpen(port)).as("port " + port + " closed").isFalse();
        assertThat(AppProcesses.under(home)).as("processes working in " + home).isEmpty();
    }

    private static BufferedImage screenshot(Path page, String name) throws Exception {
        Path png = work.resolve(name + ".png");
        chromium("--hide-scrollbars", "--window-size=1000,6000", "--screenshot=" + png, page.toUri().toString());
        assertThat(png).as("Chromium's screenshot of " + page).exists();
        return ImageIO.read(png.toFile());
    }

    /** The pixels of the bars' green, #2da44e, give or take anti-aliasing. */
    private static long greenPixels(BufferedImage image) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - 0x2d) <= 6 && Math.abs(((rgb >> 8) & 0xff) - 0xa4) <= 6
                        && Math.abs((rgb & 0xff) - 0x4e) <= 6) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Runs headless Chromium with its own profile directory; returns what it printed on stdout. */
    private static String chromium(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + work.resolve("chromium-profile")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 120 s").isTrue();
        assertThat(process.exitValue()).as("chromium's exit code").isZero();
        return out;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }
}
