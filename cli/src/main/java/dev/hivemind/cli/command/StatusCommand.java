package dev.hivemind.cli.command;

import dev.hivemind.api.Target;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.OutputFormat;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.view.AgentAppView;
import dev.hivemind.cli.view.AgentDown;
import dev.hivemind.cli.view.StatusView;
import dev.hivemind.cli.view.TrafficTable;
import dev.hivemind.engine.report.DatabaseFacts;
import dev.hivemind.engine.state.LiveRuns;
import dev.hivemind.engine.state.StateJson;
import dev.hivemind.engine.state.StateStore;
import dev.hivemind.runtime.agent.AgentLauncher;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind status [ID|APP]}: a deployment's stages, URL, problems and next step (for an app, the deployment that
 * serves it); without an argument, every app.
 */
@Command(name = "status", description = "Show a deployment (by id or app name), or every app.")
public final class StatusCommand implements Callable<Integer> {
    private final Invocation invocation;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID|APP")
    Optional<String> subject;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    StatusCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    /** Whether a host of a remote target did not answer or serves no ready release. */
    private boolean hostsDown;
    /** Whether an app this machine's agent should serve is not served because the agent is down. */
    private boolean agentDown;

    @Override
    public Integer call() {
        Wiring wiring = new Wiring(invocation);
        StateStore store = wiring.store();
        LiveRuns runs = new LiveRuns(store.home());
        if (subject.isPresent()) {
            try (AgentClient agent = AgentClient.connect(invocation.home())) {
                printOne(wiring, agent, runs);
            }
            return hostsDown || agentDown ? ExitCodes.FAILED : ExitCodes.OK;
        }
        List<DeploymentState> all = store.list();
        List<DeploymentState> latest = latestPerApp(all);
        if (output == OutputFormat.JSON) {
            invocation.out().println(latest.stream().map(StateJson::write)
                    .collect(java.util.stream.Collectors.joining(",\n", "[\n", "\n]")));
        } else {
            printApps(latest, all, runs);
        }
        if (latest.stream().anyMatch(state -> servedHere(state, all)) && !AgentLauncher.answers(invocation.home())) {
            say(AgentDown.line(invocation.home()));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** Whether this machine's agent should be serving the app of {@code state}: deployed locally, not destroyed. */
    private static boolean servedHere(DeploymentState state, List<DeploymentState> all) {
        List<DeploymentState> ofApp = all.stream().filter(other -> other.app().equals(state.app())).toList();
        return state.target().equals("local") && state.url().isPresent() && !Deployments.destroyedSince(state, ofApp);
    }

    /** A line about the agent: after the view in text, on standard error beside a JSON document. */
    private void say(String line) {
        if (output == OutputFormat.JSON) {
            invocation.err().println(line);
        } else {
            invocation.out().println(new Style(invocation.styled()).red(line));
        }
    }

    /**
     * The deployment named by id; for an app name, the deployment whose release serves it ({@link Deployments#serving}), else its
     * newest, with the newer ones that get no traffic. What the agent runs of the app is asked of it once.
     */
    private void printOne(Wiring wiring, AgentClient agent, LiveRuns runs) {
        StateStore store = wiring.store();
        DeploymentState named = new Deployments(store).byIdOrApp(subject.get());
        wiring.approvals().expireIfDue(named.deploymentId());
        boolean byApp = !named.deploymentId().equals(subject.get());
        List<DeploymentState> deployments = byApp ? store.listForApp(named.app()) : List.of(store.load(subject.get()));
        agentDown = servedHere(deployments.getFirst(), store.listForApp(named.app()))
                && !AgentLauncher.answers(invocation.home());
        Optional<AppView> live = AgentAppView.live(agent, named.app());
        DeploymentState state = Deployments.serving(deployments, live);
        if (output == OutputFormat.JSON) {
            invocation.out().println(StateJson.write(state));
            if (agentDown) {
                say(AgentDown.line(invocation.home(), state.app()));
            }
            return;
        }
        List<DeploymentState> newer = deployments.subList(0, deployments.indexOf(state));
        boolean showTraffic = byApp && state.target().equals("local");
        Optional<TrafficTable> traffic = live.filter(view -> showTraffic).map(view -> TrafficTable.of(agent, view));
        List<DeploymentState> ofApp = store.listForApp(state.app());
        new StatusView(new Style(invocation.styled()), runs).print(state, newer,
                Deployments.destroyedSince(state, ofApp), DatabaseFacts.of(state, ofApp), traffic, live,
                invocation.out());
        if (byApp && !state.target().equals("local") && !Deployments.destroyedSince(state, ofApp)) {
            Target remote = wiring.target(state.target());
            hostsDown = dev.hivemind.cli.view.HostTable.print(remote.hostStatus(state.app()), invocation.out());
            remote.statusNotes(state.app()).forEach(invocation.out()::println);
        }
        if (agentDown) {
            say(AgentDown.line(invocation.home(), state.app()));
        }
    }

    private static List<DeploymentState> latestPerApp(List<DeploymentState> all) {
        Map<String, DeploymentState> latest = new LinkedHashMap<>();
        for (DeploymentState state : all) {
            latest.putIfAbsent(state.app(), state);
        }
        return latest.values().stream().sorted(Comparator.comparing(DeploymentState::app)).toList();
    }

    /** One line per app; a destroyed app's URL serves nothing, so none is shown. */
    private void printApps(List<DeploymentState> latest, List<DeploymentState> all, LiveRuns runs) {
        var out = invocation.out();
        if (latest.isEmpty()) {
            out.println("No deployments yet.");
            out.println("Next: hivemind deploy SOURCE");
            return;
        }
        Style style = new Style(invocation.styled());
        out.printf("%-20s %-32s %-18s %s%n", "APP", "LATEST DEPLOYMENT", "STATUS", "URL");
        for (DeploymentState state : latest) {
            List<DeploymentState> ofApp = all.stream().filter(other -> other.app().equals(state.app())).toList();
            out.printf("%-20s %-32s %-18s %s%n", state.app(), state.deploymentId(), runs.status(state),
                    Deployments.destroyedSince(state, ofApp) ? "-" : state.url().orElse("-"));
        }
        out.println();
        out.println("Next: " + style.bold("hivemind status APP") + " for one app's stages");
    }
}
