package dev.hivemind.cli.view;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.PendingGate;
import dev.hivemind.cli.Style;
import dev.hivemind.engine.NextSteps;
import dev.hivemind.engine.report.DatabaseFacts;
import dev.hivemind.engine.state.LiveRuns;
import dev.hivemind.runtime.client.AppView;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Renders one deployment for people: its stages, URL, problems and the next command to run; a deployment whose run was
 * killed is headlined {@code interrupted} ({@link LiveRuns}) with how to continue it.
 */
public final class StatusView {
    private final Style style;
    private final LiveRuns runs;

    public StatusView(Style style, LiveRuns runs) {
        this.style = style;
        this.runs = runs;
    }

    /**
     * The deployment, with its app's database as it is now (never its password) and the app's live traffic per
     * release when its target can tell, then what the agent runs of the app (its releases and instances) when it runs
     * any; the next commands come last. Once the app is {@code destroyed}, the URL it had is shown as gone.
     *
     * @param newer the app's deployments newer than this one, which get no traffic (for {@code status APP}, which
     *              headlines the deployment that serves), newest first
     */
    public void print(DeploymentState state, List<DeploymentState> newer, boolean destroyed,
                      Optional<DatabaseFacts> database,
                      Optional<TrafficTable> traffic, Optional<AppView> live, PrintStream out) {
        boolean interrupted = runs.interrupted(state);
        out.println(style.bold("Deployment " + state.deploymentId()) + "  "
                + (interrupted ? style.red(LiveRuns.INTERRUPTED) : style.status(state.status())));
        out.println("  app " + state.app() + " · target " + state.target() + " · strategy " + state.strategy()
                + " · source " + state.repoUrl());
        state.git().flatMap(git -> git.commit()).ifPresent(commit -> out.println("  commit " + commit
                + state.git().flatMap(git -> git.branch()).map(branch -> " on " + branch).orElse("")));
        newer.forEach(other -> out.println("  " + style.yellow("Newer deployment " + other.deploymentId() + " ("
                + runs.status(other) + ") gets no traffic") + ": hivemind status "
                + other.deploymentId()));
        out.println();
        new StepList(style).print(state, out);
        out.println();
        state.url().ifPresent(url -> out.println("  URL: " + (destroyed ? "none, the app was destroyed (it served "
                + url + ")" : style.cyan(url))));
        if (state.infrastructure().isPresent()) {
            out.println("  Estimated cost: " + String.format(java.util.Locale.ROOT, "$%.2f", state.estimatedCostPerMonth())
                    + " a month (target " + state.target() + ")");
        }
        state.securityConfig().ifPresent(security -> out.println("  Security score: " + security.securityScore() + "/100"));
        long warnings = state.logs().stream().filter(log -> log.level() == LogEntry.Level.WARN).count();
        out.println("  Errors: " + state.errors().size() + " · Warnings: " + warnings);
        database.ifPresent(facts -> facts.lines().forEach(line -> out.println("  " + line)));
        state.rollout().ifPresent(rollout -> RolloutLines.of(rollout).forEach(line -> out.println("  " + line)));
        state.pendingGate().ifPresent(gate -> printGate(gate, out));
        state.lastError().ifPresent(error -> printError(error, out));
        if (interrupted) {
            printInterrupted(state, out);
        }
        traffic.ifPresent(table -> table.print(out));
        live.ifPresent(app -> {
            out.println();
            new AgentAppView(style).print(app, out);
        });
        out.println();
        NextSteps.after(state).forEach(step -> out.println("Next: " + step));
    }

    private void printGate(PendingGate gate, PrintStream out) {
        out.println();
        out.println("  " + style.bold("Awaiting approval before " + gate.stage().number() + " " + gate.stage())
                + " since " + gate.requestedAt()
                + gate.expiresAt().map(at -> ", rejected by itself at " + at).orElse("") + ". It will:");
        gate.plan().forEach(line -> out.println("    - " + line));
    }

    private void printInterrupted(DeploymentState state, PrintStream out) {
        out.println();
        out.println("  " + style.red("Interrupted" + LiveRuns.stoppedAt(state).map(stage -> " during " + stage.number()
                + " " + stage).orElse("")) + ": no process runs it any more (the command running it was killed or "
                + "stopped); it stays " + state.status() + " until it is continued");
    }

    private void printError(ErrorEntry error, PrintStream out) {
        out.println();
        out.println("  " + style.red("[HiveMind " + error.agent().displayName() + "] Error: " + error.errorType()));
        out.println("  Message: " + error.message());
        out.println("  Remediation: " + error.remediation());
    }
}
