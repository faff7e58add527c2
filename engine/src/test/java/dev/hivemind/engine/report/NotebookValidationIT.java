package dev.hivemind.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook is valid under Jupyter's own validator: Debian's python3-nbformat (installed by scripts/test), run by
 * /usr/bin/python3, the interpreter that package is visible to.
 */
class NotebookValidationIT {
    private static final String VALIDATE = "import sys, nbformat; nb = nbformat.read(sys.argv[1], 4); "
            + "nbformat.validate(nb); print(len(nb.cells), 'cells valid')";

    @Test
    void aDeployedAndAFailedDeploymentsNotebooksValidate(@TempDir Path directory) throws Exception {
        for (var state : java.util.List.of(ReportStates.deployed(), ReportStates.buildFailed())) {
            Path notebook = directory.resolve(state.status() + ".ipynb");
            Files.writeString(notebook, new NotebookReport().render(ReportModel.of(state)));

            assertThat(validate(notebook)).isEqualTo("13 cells valid");
        }
    }

    @Test
    void theValidatorRejectsABrokenNotebook(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("broken.ipynb");
        Files.writeString(broken, new NotebookReport().render(ReportModel.of(ReportStates.deployed()))
                .replace("\"cell_type\" : \"code\"", "\"cell_type\" : \"chart\""));

        Process python = start(broken);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).isNotZero();
    }

    private static String validate(Path notebook) throws Exception {
        Process python = start(notebook);
        String output = new String(python.getInputStream().readAllBytes()).strip();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("/usr/bin/python3 validating %s (needs Debian's python3-nbformat, which "
                + "scripts/test installs): %s", notebook, output).isZero();
        return output;
    }

    private static Process start(Path notebook) throws Exception {
        return new ProcessBuilder("/usr/bin/python3", "-c", VALIDATE, notebook.toString()).redirectErrorStream(true)
                .start();
    }
}
