package dev.hivemind.cli;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.host.HomeOwnership;
import dev.hivemind.cli.command.AgentCommand;
import dev.hivemind.cli.command.AgentCommands;
import dev.hivemind.cli.command.AnalyzeCommand;
import dev.hivemind.cli.command.ImageCommand;
import dev.hivemind.cli.command.ManifestsCommand;
import dev.hivemind.cli.command.ApproveCommand;
import dev.hivemind.cli.command.DeployCommand;
import dev.hivemind.cli.command.DestroyCommand;
import dev.hivemind.cli.command.HistoryCommand;
import dev.hivemind.cli.command.InitCommand;
import dev.hivemind.cli.command.LogsCommand;
import dev.hivemind.cli.command.PreflightCommand;
import dev.hivemind.cli.command.RejectCommand;
import dev.hivemind.cli.command.ReportCommand;
import dev.hivemind.cli.command.ResumeCommand;
import dev.hivemind.cli.command.RetryCommand;
import dev.hivemind.cli.command.RollbackCommand;
import dev.hivemind.cli.command.StatusCommand;
import dev.hivemind.cli.command.StepsCommand;
import dev.hivemind.runtime.agent.HostAgent;
import dev.hivemind.runtime.client.AgentBridge;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The {@code hivemind} command: the only {@code main} of HiveMind. */
public final class Main {
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

    private Main() {
    }

    public static void main(String[] args) {
        if (AgentCommands.runsAgent(args)) {
            // the agent closes itself on SIGTERM
            System.exit(runAgent(Invocation.ofProcess(), AgentCommands.standsBy(args)));
        }
        if (AgentCommands.runsBridge(args)) {
            System.exit(runBridge(Invocation.ofProcess()));
        }
        AtomicBoolean finished = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> interruptUnlessFinished(main, finished)));
        int code = run(Invocation.ofProcess(), args);
        finished.set(true);
        System.exit(code);
    }

    /**
     * On Ctrl-C (SIGINT) or SIGTERM, interrupts the running command and gives it a few seconds to record the
     * deployment as interrupted, so {@code hivemind resume ID} can continue it.
     */
    private static void interruptUnlessFinished(Thread main, AtomicBoolean finished) {
        if (finished.get()) {
            return;
        }
        main.interrupt();
        try {
            main.join(INTERRUPT_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the CLI in-process, printing to {@code out} and {@code err}, and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(new Invocation(out, err, System.getenv(), java.nio.file.Path.of(""), false), args);
    }

    public static int run(Invocation invocation, String... args) {
        CommandLine commandLine = new CommandLine(new Root(), new Factory(invocation));
        commandLine.setOut(new PrintWriter(invocation.out(), true));
        commandLine.setErr(new PrintWriter(invocation.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((error, line, parse) -> handle(invocation, error, parse));
        commandLine.setExecutionStrategy(parse -> {
            try {
                secureHome(invocation, parse);
            } catch (HiveMindException | UncheckedIOException refused) {
                return handle(invocation, refused, parse);
            }
            return new CommandLine.RunLast().execute(parse);
        });
        commandLine.setParameterExceptionHandler((error, args2) -> {
            invocation.err().println("Error: " + error.getMessage());
            invocation.err().println("Run 'hivemind " + commandName(error.getCommandLine()) + " --help' for usage.");
            return ExitCodes.INVALID_INPUT;
        });
        try {
            return commandLine.execute(args);
        } finally {
            Wiring.closeTargets();
        }
    }

    /**
     * {@code hivemind agent run}, the agent's own process, goes straight to the agent without picocli building the
     * whole command tree: after a crash the apps are unreachable until the new agent's proxies listen.
     */
    private static int runAgent(Invocation invocation, boolean standBy) {
        try {
            new HomeOwnership().secure(invocation.home());
            if (standBy) {
                HostAgent.standBy(invocation.home());
            } else {
                HostAgent.run(invocation.home());
            }
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return report(invocation, e, false);
        }
    }

    /** {@code hivemind agent bridge}: one connection to the agent over standard input and output, for remote clients. */
    private static int runBridge(Invocation invocation) {
        try {
            AgentBridge.carry(invocation.home().agentSocket(), System.in, System.out);
            return ExitCodes.OK;
        } catch (java.io.IOException e) {
            System.err.println("Error: cannot reach the host agent on " + invocation.home().agentSocket() + ": "
                    + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /**
     * Before a command that writes under HIVEMIND_HOME runs, refuses a home that is not the caller's own or that others
     * may write to, and tightens one that others may read ({@link HomeOwnership}).
     */
    private static void secureHome(Invocation invocation, ParseResult parse) {
        List<CommandLine> commands = parse.asCommandLineList();
        if (!(commands.getLast().getCommand() instanceof WritesHome)) {
            return;
        }
        for (HomeOwnership.Tightened tightened : new HomeOwnership().secure(invocation.home())) {
            invocation.err().println("Tightened " + tightened.directory() + " from " + tightened.before() + " to "
                    + tightened.after() + ": HiveMind's files are for its user only");
        }
    }

    private static String commandName(CommandLine line) {
        String qualified = line.getCommandSpec().qualifiedName(" ");
        return qualified.startsWith("hivemind ") ? qualified.substring(9) : "";
    }

    private static int handle(Invocation invocation, Exception error, ParseResult parse) {
        boolean stacktrace = parse.hasMatchedOption("--stacktrace")
                || (parse.subcommand() != null && parse.subcommand().hasMatchedOption("--stacktrace"));
        return report(invocation, error, stacktrace);
    }

    private static int report(Invocation invocation, Exception error, boolean stacktrace) {
        HiveMindException known = error instanceof HiveMindException h ? h : unexpected(error);
        ErrorPrinter.print(known, new Style(invocation.styled()), invocation.err());
        if (stacktrace) {
            error.printStackTrace(invocation.err());
        }
        return Thread.currentThread().isInterrupted() ? ExitCodes.INTERRUPTED : ExitCodes.of(known);
    }

    private static HiveMindException unexpected(Exception error) {
        return new dev.hivemind.api.error.DeploymentException(Agent.CONDUCTOR,
                Optional.ofNullable(error.getMessage()).orElse(error.getClass().getName()),
                "Running the command (an unexpected " + error.getClass().getSimpleName() + ")",
                "Run again with --stacktrace and report the trace if it persists", error);
    }

    /** The root command: lists the subcommands; every subcommand inherits {@code --help} and {@code --version}. */
    @Command(name = "hivemind", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
            versionProvider = Version.class,
            description = "From a git repository to a hardened, zero-downtime deployment.",
            subcommands = {InitCommand.class, DeployCommand.class, AnalyzeCommand.class, ImageCommand.class,
                    ManifestsCommand.class, PreflightCommand.class,
                    StatusCommand.class, LogsCommand.class, ResumeCommand.class, ApproveCommand.class,
                    RejectCommand.class, RetryCommand.class, RollbackCommand.class, DestroyCommand.class,
                    HistoryCommand.class, StepsCommand.class, ReportCommand.class, AgentCommand.class,
                    CommandLine.HelpCommand.class})
    static final class Root implements Runnable {
        @Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
                description = "Print stack traces of errors (they always go to the log files).")
        boolean stacktrace;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** The version printed by {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
            return new String[] {"hivemind " + version};
        }
    }

    /** Builds commands that take the {@link Invocation} in their constructor. */
    private record Factory(Invocation invocation) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Invocation.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(invocation));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
