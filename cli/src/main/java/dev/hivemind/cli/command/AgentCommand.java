package dev.hivemind.cli.command;

import dev.hivemind.api.Progress;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.WritesHome;
import dev.hivemind.cli.view.AgentDown;
import dev.hivemind.runtime.agent.AgentLauncher;
import dev.hivemind.runtime.agent.AgentSupervisor;
import dev.hivemind.runtime.agent.HostAgent;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.target.local.LocalTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        invocation.out().println(AgentDown.line(invocation.home()));
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
            HivemindHome home = invocation.home();
            boolean running = AgentClient.connect(home).isRunning();
            boolean supervised = AgentSupervisor.running(home).isPresent();
            AgentStatus status = AgentLauncher.ensureSupervised(home, AgentCommands.foreground(home),
                    Duration.ofSeconds(30));
            String supervisor = AgentSupervisor.running(home).map(process -> "pid " + process.pid()).orElse("-");
            if (running && supervised) {
                invocation.out().println("The host agent is already running (pid " + status.pid() + ", kept running by"
                        + " its supervisor, " + supervisor + ").");
                return ExitCodes.OK;
            }
            invocation.out().println((running ? "The host agent (pid " + status.pid() + ") ran without a supervisor;"
                    + " it has one now (" + supervisor + ")" : "Started the host agent (pid " + status.pid()
                    + "), socket " + home.agentSocket() + ", with its supervisor (" + supervisor + ")")
                    + ": it comes back by itself within a second if it dies.");
            invocation.out().println("Next: hivemind deploy SOURCE");
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop the host agent and its supervisor, its proxies, app instances and the"
            + " apps' PostgreSQL servers (they come back on start).")
    static final class Stop implements Callable<Integer>, WritesHome {
        private final Invocation invocation;

        Stop(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            HivemindHome home = invocation.home();
            if (!AgentClient.connect(home).isRunning() && AgentSupervisor.running(home).isEmpty()) {
                invocation.out().println("The host agent is not running.");
                stoppedDatabases(home);
                return ExitCodes.OK;
            }
            AgentLauncher.stop(home);
            invocation.out().println("Stopped the host agent and its supervisor (it does not come back by itself);"
                    + " its apps start again with: hivemind agent start");
            stoppedDatabases(home);
            return ExitCodes.OK;
        }

        /** The apps' private PostgreSQL servers stop with the agent, which starts them again before the apps. */
        private void stoppedDatabases(HivemindHome home) {
            List<String> apps = LocalTarget.stopDatabases(home, Progress.none());
            if (!apps.isEmpty()) {
                invocation.out().println("Stopped the PostgreSQL of " + String.join(", ", apps) + " (its data is "
                        + "kept; hivemind agent start starts it again before the app)");
            }
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
            if (!AgentLauncher.answers(invocation.home())) {
                return notRunning(invocation);
            }
            AgentStatus status = client.status();
            invocation.out().println("The host agent is running: pid " + status.pid() + ", since " + status.startedAt()
                    + AgentSupervisor.running(invocation.home()).map(process -> ", kept running by its supervisor (pid "
                    + process.pid() + ")").orElse(", without a supervisor (it does not come back by itself if it"
                    + " dies: hivemind agent start gives it one)"));
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

    @Command(name = "run", hidden = true, description = "Run the host agent in the foreground (its supervisor runs it"
            + " with --standby: wait while another agent serves, then take over).")
    static final class Run implements Callable<Integer>, WritesHome {
        private final Invocation invocation;

        @Option(names = AgentSupervisor.STANDBY, description = "Wait while another agent serves this home, then take over.")
        boolean standBy;

        Run(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            if (standBy) {
                HostAgent.standBy(invocation.home());
            } else {
                HostAgent.run(invocation.home());
            }
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
