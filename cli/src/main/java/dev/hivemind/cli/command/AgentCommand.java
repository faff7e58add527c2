package dev.hivemind.cli.command;

import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.runtime.agent.AgentLauncher;
import dev.hivemind.runtime.agent.HostAgent;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AgentStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hivemind agent start|stop|status|metrics}: the host agent that supervises apps and runs their proxies. */
@Command(name = "agent", description = "Start, stop or inspect the host agent that runs the apps.",
        subcommands = {AgentCommand.Start.class, AgentCommand.Stop.class, AgentCommand.Show.class,
                AgentCommand.Metrics.class, AgentCommand.Run.class, AgentCommand.Bridge.class})
public final class AgentCommand implements Callable<Integer> {
    private final Invocation invocation;

    AgentCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        return new Show(invocation).call();
    }

    private static int notRunning(Invocation invocation) {
        invocation.out().println("The host agent is not running (socket " + invocation.home().agentSocket()
                + "). Start it with: hivemind agent start");
        return ExitCodes.FAILED;
    }

    @Command(name = "start", description = "Start the host agent in the background (apps in its desired state come back).")
    static final class Start implements Callable<Integer>, WritesHome {
        private final Invocation invocation;

        Start(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            AgentClient client = AgentClient.connect(invocation.home());
            if (client.isRunning()) {
                invocation.out().println("The host agent is already running (pid " + client.status().pid() + ").");
                return ExitCodes.OK;
            }
            AgentLauncher.ensureRunning(invocation.home(), AgentCommands.foreground(invocation.home()),
                    Duration.ofSeconds(30));
            AgentStatus status = client.status();
            invocation.out().println("Started the host agent (pid " + status.pid() + "), socket "
                    + invocation.home().agentSocket());
            invocation.out().println("Next: hivemind deploy SOURCE");
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop the host agent, its proxies and app instances (they come back on start).")
    static final class Stop implements Callable<Integer>, WritesHome {
        private final Invocation invocation;

        Stop(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            if (!AgentClient.connect(invocation.home()).isRunning()) {
                invocation.out().println("The host agent is not running.");
                return ExitCodes.OK;
            }
            AgentLauncher.stop(invocation.home());
            invocation.out().println("Stopped the host agent; its apps start again with: hivemind agent start");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show whether the host agent runs and which apps it serves.")
    static final class Show implements Callable<Integer> {
        private final Invocation invocation;

        Show(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            AgentClient client = AgentClient.connect(invocation.home());
            if (!client.isRunning()) {
                return notRunning(invocation);
            }
            AgentStatus status = client.status();
            invocation.out().println("The host agent is running: pid " + status.pid() + ", since " + status.startedAt());
            for (String app : status.apps()) {
                client.app(app).ifPresent(view -> invocation.out().println("  " + app + "  " + view.bindAddress() + ":"
                        + view.publicPort() + "  release " + view.activeRelease().orElse("(none)") + "  "
                        + view.instances().size() + " instance(s)"));
            }
            invocation.out().println(status.apps().isEmpty() ? "Next: hivemind deploy SOURCE"
                    : "Next: hivemind status APP  ·  hivemind agent stop");
            return ExitCodes.OK;
        }
    }

    @Command(name = "metrics", description = "Print the edge proxies' per-release traffic counters in the Prometheus"
            + " text format (what GET /metrics on the agent's socket answers).")
    static final class Metrics implements Callable<Integer> {
        private final Invocation invocation;

        Metrics(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            try (AgentClient client = AgentClient.connect(invocation.home())) {
                if (!client.isRunning()) {
                    return notRunning(invocation);
                }
                invocation.out().print(client.prometheusMetrics());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "run", hidden = true, description = "Run the host agent in the foreground (used by 'agent start').")
    static final class Run implements Callable<Integer>, WritesHome {
        private final Invocation invocation;

        Run(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            HostAgent.run(invocation.home());
            return ExitCodes.OK;
        }
    }

    @Command(name = "bridge", hidden = true, description = "Carry standard input and output to the host agent's socket "
            + "(used by the ssh target for logins that go through sudo).")
    static final class Bridge implements Callable<Integer> {
        private final Invocation invocation;

        Bridge(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() throws java.io.IOException {
            dev.hivemind.runtime.client.AgentBridge.carry(invocation.home().agentSocket(), System.in, System.out);
            return ExitCodes.OK;
        }
    }
}
