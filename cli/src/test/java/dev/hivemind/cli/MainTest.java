package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.BuildException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.error.PreflightException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path home;

    @Test
    void helpListsEveryCommandThatWorks() {
        CliHarness.Result result = new CliHarness(home, home).run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("deploy", "status", "logs", "resume", "retry", "rollback", "destroy",
                "history", "steps", "report", "agent");
    }

    @Test
    void stepsListsTheStagesInOrderWithTheirAgentsAndWhereHooksRun() {
        CliHarness.Result result = new CliHarness(home, home).run("steps");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().limit(14).map(line -> line.substring(0, 28).strip()))
                .containsExactly("000  init       Conductor", "001  preflight  Conductor", "010  analyze    Compiler",
                        "pre-build  hook", "020  build      Compiler", "post-build hook",
                        "030  provision  Provisioner", "pre-deploy hook", "040  deploy     Deployer",
                        "post-deploy hook", "050  harden     Sheriff", "060  validate   Validator",
                        "070  report     Conductor", "pre-destroy hook");
        assertThat(result.out()).contains("hooks.pre-deploy of hivemind.yaml, before deploy (after its approval gate)");
        assertThat(result.out()).contains("Run part of the pipeline with: hivemind deploy SOURCE --from STAGE --until STAGE");
    }

    @Test
    void statusWithoutDeploymentsSaysWhatToDo() {
        CliHarness.Result result = new CliHarness(home, home).run("status");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No deployments yet.\nNext: hivemind deploy SOURCE\n");
    }

    @Test
    void unknownCommandsAndOptionsExitTwo() {
        CliHarness cli = new CliHarness(home, home);

        assertThat(cli.run("launch").exitCode()).isEqualTo(2);
        CliHarness.Result result = cli.run("deploy", ".", "--frobnicate");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'").contains("hivemind deploy --help");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAsTheErrorsAdvise() {
        CliHarness cli = new CliHarness(home, home);
        for (String command : List.of("init", "deploy", "analyze", "image", "manifests", "preflight", "status", "logs",
                "resume", "approve", "reject", "retry", "rollback", "destroy", "history", "steps", "report", "agent")) {
            CliHarness.Result result = cli.run(command, "--help");

            assertThat(result.exitCode()).as(command + " --help").isZero();
            assertThat(result.out()).as(command + " --help").startsWith("Usage: hivemind " + command);
        }
        CliHarness.Result nested = cli.run("agent", "start", "-h");
        assertThat(nested.exitCode()).isZero();
        assertThat(nested.out()).startsWith("Usage: hivemind agent start");
    }

    @Test
    void destroyWithoutATerminalNeedsAutoApprove() {
        CliHarness.Result result = new CliHarness(home, home).run("destroy", "nothing-here");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no app named 'nothing-here' has been deployed");
    }

    @Test
    void exitCodesFollowTheBrief() {
        assertThat(ExitCodes.of(new InvalidInputException(Agent.CONDUCTOR, "m", "c", "r"))).isEqualTo(2);
        assertThat(ExitCodes.of(new PreflightException(Agent.CONDUCTOR, "m", "c", "r"))).isEqualTo(4);
        assertThat(ExitCodes.of(new BuildException(Agent.COMPILER, "m", "c", "r"))).isEqualTo(1);
        assertThat(ExitCodes.of(new LockedException(Agent.CONDUCTOR, "m", "c", "r"))).isEqualTo(1);
    }

    @Test
    void plainTextWithoutATerminalAndIconsOnOne() {
        Style plain = new Style(false);
        Style styled = new Style(true);

        assertThat(plain.icon(dev.hivemind.api.state.StageStatus.COMPLETED)).isEqualTo("[done]   ");
        assertThat(plain.red("x")).isEqualTo("x");
        assertThat(styled.icon(dev.hivemind.api.state.StageStatus.FAILED)).isEqualTo("❌");
        assertThat(styled.red("x")).isEqualTo("\u001b[31mx\u001b[0m");
    }
}
