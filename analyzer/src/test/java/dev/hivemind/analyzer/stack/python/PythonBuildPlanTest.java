package dev.hivemind.analyzer.stack.python;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.BuildStep;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonBuildPlanTest {

    @TempDir
    Path dir;

    @Test
    void createsTheVirtualEnvironmentThenInstallsTheRequirements() {
        write(dir, "requirements.txt", "flask==3.0.3\n");

        List<BuildStep> steps = plan(PythonBuildTool.PIP);

        assertThat(steps).extracting(BuildStep::display)
                .containsExactly("python3 -m venv .venv", ".venv/bin/pip install -r requirements.txt");
        assertThat(steps.get(0).context()).isEqualTo("Creating the virtual environment of the Python application "
                + "in /src/app");
        assertThat(steps.get(0).hint()).contains("python3-venv");
        assertThat(steps.get(1).context()).isEqualTo("Installing dependencies for the Python application in /src/app");
        assertThat(steps.get(1).hint()).contains("package index is reachable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n\n", "   # indented comment\n"})
    void installsNothingFromARequirementsFileThatListsNothing(String requirements) {
        write(dir, "requirements.txt", requirements);

        assertThat(plan(PythonBuildTool.PIP)).extracting(BuildStep::display).containsExactly("python3 -m venv .venv");
    }

    @Test
    void installsFromTheRequirementsFileEvenWhenItOnlyNamesAPath() {
        write(dir, "requirements.txt", "-e .\n");

        assertThat(plan(PythonBuildTool.PIP)).extracting(BuildStep::display)
                .containsExactly("python3 -m venv .venv", ".venv/bin/pip install -r requirements.txt");
    }

    @Test
    void installsAPyprojectProjectWithDependenciesItself() {
        write(dir, "pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n");

        assertThat(plan(PythonBuildTool.PIP)).extracting(BuildStep::display)
                .containsExactly("python3 -m venv .venv", ".venv/bin/pip install .");
    }

    @Test
    void installsNothingForAPyprojectWithoutDependencies() {
        write(dir, "pyproject.toml", "[project]\nname = \"x\"\n");

        assertThat(plan(PythonBuildTool.PIP)).extracting(BuildStep::display).containsExactly("python3 -m venv .venv");
    }

    @Test
    void usesPoetryPipenvAndUvTheirWay() {
        write(dir, "pyproject.toml", "[tool.poetry.dependencies]\nflask = \"*\"\n");
        assertThat(plan(PythonBuildTool.POETRY).getLast().display())
                .isEqualTo("poetry install --only main --no-root --no-interaction");
        assertThat(plan(PythonBuildTool.UV).getLast().display()).isEqualTo("uv sync --locked --no-dev");

        write(dir, "Pipfile", "[packages]\nflask = \"*\"\n");
        assertThat(plan(PythonBuildTool.PIPENV).getLast().display()).isEqualTo("pipenv install --skip-lock");
        write(dir, "Pipfile.lock", "{}");
        assertThat(plan(PythonBuildTool.PIPENV).getLast().display()).isEqualTo("pipenv install --deploy");
    }

    private List<BuildStep> plan(PythonBuildTool tool) {
        return PythonBuildPlan.plan(dir, "/src/app", tool, PythonProject.read(dir));
    }
}
