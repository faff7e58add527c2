package dev.hivemind.cli.command;

import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.Status;
import dev.hivemind.cli.Deployments;
import dev.hivemind.cli.ExitCodes;
import dev.hivemind.cli.Invocation;
import dev.hivemind.cli.Style;
import dev.hivemind.cli.Wiring;
import dev.hivemind.cli.view.AgentAppView;
import dev.hivemind.engine.state.StateStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hivemind logs ID|APP [--follow]}: a deployment's log, or, given an app, the output of its serving
 * instance, after the last log lines of every instance of the app that is crash-looping.
 */
@Command(name = "logs", description = "Print a deployment's log (by id), or an app's output (by app name).")
public final class LogsCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(300);
    private final Invocation invocation;

    @Parameters(index = "0", paramLabel = "ID|APP")
    String subject;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines (a deployment: until it ends).")
    boolean follow;

    @Option(names = "--host", paramLabel = "HOST", description = "For an app on SSH hosts: only this host's output; on Kubernetes: only this pod's.")
    Optional<String> host = Optional.empty();

    LogsCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() throws InterruptedException {
        StateStore store = new Wiring(invocation).store();
        Deployments deployments = new Deployments(store);
        if (store.find(subject).isPresent()) {
            Path log = store.logFile(subject);
            print(log, () -> follow && !ended(store.find(subject).orElseThrow()));
            return ExitCodes.OK;
        }
        DeploymentState latest = deployments.byIdOrApp(subject);
        Wiring wiring = new Wiring(invocation);
        if (!latest.target().equals("local")
                && wiring.target(latest.target()).printAppLogs(latest.app(), host, follow, invocation.out())) {
            return ExitCodes.OK;
        }
        AgentAppView.live(invocation.home(), latest.app()).ifPresent(app ->
                new AgentAppView(new Style(invocation.styled())).printCrashLooping(app, invocation.out()));
        Path output = latest.deploymentConfig().map(config -> Path.of(config.logPath()))
                .orElse(store.logFile(latest.deploymentId()));
        print(output, () -> follow);
        return ExitCodes.OK;
    }

    private static boolean ended(DeploymentState state) {
        return state.status().terminal() || state.status() == Status.AWAITING_APPROVAL;
    }

    /** Prints the file, then, while {@code more} holds, what is appended to it. */
    private void print(Path file, BooleanSupplier more) throws InterruptedException {
        long offset = 0;
        do {
            offset = copyFrom(file, offset);
            if (more.getAsBoolean()) {
                Thread.sleep(POLL);
            }
        } while (more.getAsBoolean());
        copyFrom(file, offset);
    }

    private long copyFrom(Path file, long offset) {
        if (!Files.exists(file)) {
            return offset;
        }
        try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
            long start = input.length() < offset ? 0 : offset;
            input.seek(start);
            byte[] rest = new byte[(int) (input.length() - start)];
            input.readFully(rest);
            invocation.out().print(new String(rest, StandardCharsets.UTF_8));
            invocation.out().flush();
            return start + rest.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
