package dev.hivemind.cli;

import dev.hivemind.api.StageName;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hivemind steps}: the pipeline's stages, for {@code --from}, {@code --until} and {@code retry --stage}. */
@Command(name = "steps", description = "List the pipeline's stages in order.")
final class StepsCommand implements Callable<Integer> {
    private final Invocation invocation;

    StepsCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Style style = new Style(invocation.styled());
        for (StageName stage : StageName.values()) {
            invocation.out().printf("%s  %-10s %-12s %s%n", stage.number(), style.bold(stage.toString()),
                    stage.agent().displayName(), stage.summary());
        }
        invocation.out().println();
        invocation.out().println("Run part of the pipeline with: hivemind deploy SOURCE --from STAGE --until STAGE");
        return ExitCodes.OK;
    }
}
