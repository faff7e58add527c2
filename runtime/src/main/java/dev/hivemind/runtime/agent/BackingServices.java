package dev.hivemind.runtime.agent;

import dev.hivemind.api.Progress;
import dev.hivemind.api.host.ProcessRunner;
import dev.hivemind.runtime.client.BackingService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings up an app's {@link BackingService}s when the agent restores the app, before its instances start: each one
 * whose check fails is started, and the agent waits for its start command to return. A service that cannot be
 * started is logged with its output's last lines (the app's instances are started anyway and report what they miss).
 */
final class BackingServices {
    private static final System.Logger LOG = System.getLogger(BackingServices.class.getName());
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final int LOG_LINES = 10;

    private BackingServices() {
    }

    /** Starts each of the app's services that does not run; returns the names of those it started. */
    static List<String> ensure(String app, List<BackingService> services) {
        List<String> started = new ArrayList<>();
        for (BackingService service : services) {
            String what = "app " + app + ": backing service " + service.name();
            if (run(service.check(), CHECK_TIMEOUT).exitCode() == 0) {
                LOG.log(System.Logger.Level.INFO, what + " runs already");
                continue;
            }
            long began = System.nanoTime();
            ProcessRunner.Outcome outcome = run(service.start(), START_TIMEOUT);
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            if (outcome.exitCode() == 0) {
                LOG.log(System.Logger.Level.INFO, what + " started in " + millis + " ms, before the app's instances");
                started.add(service.name());
            } else {
                List<String> tail = outcome.tail().subList(Math.max(0, outcome.tail().size() - LOG_LINES),
                        outcome.tail().size());
                LOG.log(System.Logger.Level.ERROR, what + " did not start (" + (outcome.timedOut() ? "no answer within "
                        + START_TIMEOUT.toSeconds() + " s" : "exit code " + outcome.exitCode()) + "): "
                        + String.join(" | ", tail) + "; the app's instances start without it; deploy the app again "
                        + "once the cause is fixed");
            }
        }
        return started;
    }

    private static ProcessRunner.Outcome run(List<String> command, Duration timeout) {
        try {
            return ProcessRunner.run(command, Path.of("/"), Map.of(), Progress.none(), timeout);
        } catch (IOException e) {
            return new ProcessRunner.Outcome(127, List.of("cannot run " + command.getFirst() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessRunner.Outcome(130, List.of("interrupted"));
        }
    }
}
