package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.StageName;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.view.StepList;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind steps [ID|APP]}: the pipeline's stages and where hooks run, for {@code --from}, {@code --until} and
 * {@code retry --stage}; with a deployment, its stages and hooks with how far each got.
 */
@Command(name = "steps", description = "List the pipeline's stages and hooks in order, or a deployment's with their status.")
public final class StepsCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID|APP",
            description = "A deployment (or an app's newest one) whose steps to show.")
    Optional<String> subject;

    StepsCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Style style = new Style(invocation.styled());
        if (subject.isPresent()) {
            DeploymentState state = new Deployments(new Wiring(invocation).store()).byIdOrApp(subject.get());
            invocation.out().println(style.bold("Deployment " + state.deploymentId()) + "  "
                    + style.status(state.status()));
            new StepList(style).print(state, invocation.out());
            invocation.out().println();
            invocation.out().println("Continue a stopped or failed one with: hivemind resume " + state.deploymentId()
                    + " (completed stages and hooks do not run again)");
            return ExitCodes.OK;
        }
        for (StageName stage : StageName.values()) {
            printHooks(stage, true);
            invocation.out().printf("%s  %-10s %-12s %s%n", stage.number(), style.bold(stage.toString()),
                    stage.agent().displayName(), stage.summary());
            printHooks(stage, false);
        }
        invocation.out().printf("     %-10s %-12s %s%n", HookName.PRE_DESTROY, "hook",
                "hooks.pre-destroy of hivemind.yaml, when `hivemind destroy APP` starts");
        invocation.out().println();
        invocation.out().println("Run part of the pipeline with: hivemind deploy SOURCE --from STAGE --until STAGE");
        return ExitCodes.OK;
    }

    private void printHooks(StageName stage, boolean before) {
        for (HookName hook : HookName.values()) {
            if (hook.stage().filter(stage::equals).isPresent() && hook.before() == before) {
                invocation.out().printf("     %-10s %-12s %s%n", hook, "hook", "hooks." + hook + " of hivemind.yaml, "
                        + (before ? "before " : "after ") + stage + (before ? " (after its approval gate)" : ""));
            }
        }
    }
}
