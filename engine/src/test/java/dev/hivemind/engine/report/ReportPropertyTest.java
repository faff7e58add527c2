package dev.hivemind.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.StateArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any state renders in every format: Markdown, HTML that is well-formed XML, and an nbformat 4 notebook. */
class ReportPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<DeploymentState> states() {
        return StateArbitraries.states();
    }

    @Property(tries = 200)
    void everyStateRendersInEveryFormat(@ForAll("states") DeploymentState state) throws Exception {
        ReportModel model = ReportModel.of(state);

        String markdown = ReportFormat.MD.render(model);
        String html = ReportFormat.HTML.render(model);
        JsonNode notebook = JSON.readTree(ReportFormat.IPYNB.render(model));

        assertThat(markdown).startsWith("# Deployment report: ").contains("\n## Runbook\n");
        assertThat(ReportTest.parse(html).getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(notebook.get("nbformat").asInt()).isEqualTo(4);
        assertThat(notebook.get("nbformat_minor").isInt()).isTrue();
        assertThat(notebook.get("metadata").isObject()).isTrue();
        assertThat(notebook.get("cells").size()).isGreaterThan(1);
        notebook.get("cells").forEach(cell -> assertThat(cell.get("cell_type").asText()).isIn("markdown", "code"));
        state.deploymentConfig().ifPresent(config -> config.environmentVariables().keySet()
                .forEach(name -> assertThat(markdown).contains(name)));
    }
}
