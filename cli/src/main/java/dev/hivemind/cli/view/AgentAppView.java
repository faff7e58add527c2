package dev.hivemind.cli.view;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.cli.Style;
import dev.hivemind.runtime.client.AgentClient;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseView;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * What the host agent runs of an app right now, for {@code status APP} and {@code logs APP}: its releases with their
 * weights and instances, and for each crash-looping instance its last log lines. Asking never starts the agent.
 */
public final class AgentAppView {
    private final Style style;

    public AgentAppView(Style style) {
        this.style = style;
    }

    /** The app as the running agent of this home serves it; empty when no agent runs or it does not serve the app. */
    public static Optional<AppView> live(HivemindHome home, String app) {
        try (AgentClient client = AgentClient.connect(home)) {
            return live(client, app);
        }
    }

    /** The app as the agent behind {@code client} serves it; empty when it does not run or does not serve the app. */
    public static Optional<AppView> live(AgentClient client, String app) {
        try {
            return client.isRunning() ? client.app(app) : Optional.empty();
        } catch (HiveMindException e) {
            return Optional.empty(); // the agent went away between the two calls: there is nothing live to show
        }
    }

    /** The releases and instances, for {@code status APP}. */
    void print(AppView app, PrintStream out) {
        out.println("  " + style.bold("On this host") + " (proxy " + app.bindAddress() + ":" + app.publicPort()
                + ", stable release " + app.activeRelease().orElse("none") + ")");
        if (!app.isolation().isEmpty()) {
            out.println("    isolation: " + (app.isolation().startsWith("not isolated") ? style.yellow(app.isolation())
                    : app.isolation()));
        }
        for (ReleaseView release : app.releases()) {
            if (release.instances().isEmpty()) {
                continue;
            }
            out.println("    release " + release.releaseId() + "  " + releaseState(release) + "  weight "
                    + release.weight() + "  " + release.readyCount() + "/" + release.replicas() + " ready");
            release.instances().forEach(instance -> printInstance(instance, out));
        }
    }

    /** Every crash-looping instance with its last log lines, for {@code logs APP}; nothing when none is. */
    public void printCrashLooping(AppView app, PrintStream out) {
        List<InstanceView> looping = app.releases().stream().flatMap(release -> release.crashLooping().stream()).toList();
        for (InstanceView instance : looping) {
            out.println(style.red("release " + instance.releaseId() + " replica " + instance.replica() + " is "
                    + crashLooping(instance)) + "; its last log lines (" + instance.logPath() + "):");
            instance.lastLogLines().forEach(line -> out.println("  | " + line));
            out.println();
        }
    }

    private void printInstance(InstanceView instance, PrintStream out) {
        String state = instance.crashLooping() ? style.red(crashLooping(instance))
                : instance.ready() ? style.green("ready") : style.yellow(instance.state().wire() + ", not ready");
        out.println("      replica " + instance.replica() + "  pid " + instance.pid().map(String::valueOf).orElse("-")
                + "  " + instance.endpoint() + network(instance) + "  " + state
                + (instance.restarts() > 0 && !instance.crashLooping() ? style.dim("  " + instance.restarts()
                + " restart(s)") : "")
                + (instance.memoryKills() > 0 ? "  " + style.red("killed " + instance.memoryKills()
                + " time(s) for going over its memory limit") : ""));
        if (instance.crashLooping()) {
            out.println("        last log lines (" + instance.logPath() + "):");
            instance.lastLogLines().forEach(line -> out.println("        | " + line));
        }
    }

    /** Where an instance runs when that is not simply the PORT it was given on the loopback. */
    private static String network(InstanceView instance) {
        String namespace = instance.namespace().map(name -> "netns " + name).orElse("");
        String port = instance.ignoresPort() ? "ignores PORT " + instance.givenPort() : "";
        String both = namespace.isEmpty() || port.isEmpty() ? namespace + port : namespace + ", " + port;
        return both.isEmpty() ? "" : " (" + both + ")";
    }

    private String releaseState(ReleaseView release) {
        String state = release.state().wire();
        return switch (release.state()) {
            case HEALTHY -> style.green(state);
            case CRASH_LOOPING, CRASHED, UNHEALTHY -> style.red(state);
            case STARTING, DEGRADED, STOPPED -> style.yellow(state);
        };
    }

    private static String crashLooping(InstanceView instance) {
        return "crash-looping (" + instance.restarts() + " restarts" + instance.exitCode()
                .map(code -> ", last exit code " + code).orElse("") + ")";
    }
}
