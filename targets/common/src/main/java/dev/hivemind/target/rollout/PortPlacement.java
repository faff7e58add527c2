package dev.hivemind.target.rollout;

import dev.hivemind.api.FixedPort;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.runtime.client.AppView;
import dev.hivemind.runtime.client.InstanceNetwork;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.ReleaseView;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the instances of a release run so that they do not clash on the port an app is pinned to (it listens there
 * whatever {@code PORT} says): each in a network namespace of its own when the host can make them (the agent runs as
 * root) and the app needs nothing on the host's loopback; otherwise on the host, one release at a time (recreate);
 * and not at all when more than one replica must share the host's port.
 */
public sealed interface PortPlacement {
    /** Variables naming the host's loopback, which an instance in its own namespace cannot reach. */
    Pattern LOOPBACK = Pattern.compile("(?i)(?<![\\w.-])(?:127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[?::1]?)(?![\\w.-])");

    /** How the agent starts the release's instances. */
    InstanceNetwork network();

    /** The app reads {@code PORT}: every instance gets a free loopback port, whatever the strategy. */
    record Assigned() implements PortPlacement {
        @Override
        public InstanceNetwork network() {
            return InstanceNetwork.loopback();
        }
    }

    /** Each instance in a network namespace of its own, listening on the app's port there; any strategy works. */
    record Namespaces(FixedPort fixed) implements PortPlacement {
        @Override
        public InstanceNetwork network() {
            return InstanceNetwork.namespace(fixed.port());
        }
    }

    /** On the host's network, the old release stopped before the new one starts ({@code why} namespaces are not used). */
    record OneAtATime(FixedPort fixed, String why) implements PortPlacement {
        @Override
        public InstanceNetwork network() {
            return InstanceNetwork.fixedPort(fixed.port());
        }
    }

    /** Nothing works: {@code problem} and {@code remedy} for an error before anything starts. */
    record Impossible(FixedPort fixed, String problem, String remedy) implements PortPlacement {
        @Override
        public InstanceNetwork network() {
            return InstanceNetwork.fixedPort(fixed.port());
        }
    }

    /**
     * @param noNamespaces why the host cannot make network namespaces, when it cannot
     * @param environment  the release's environment (a value naming the host's loopback keeps it on the host)
     */
    static PortPlacement choose(Optional<FixedPort> fixed, Strategy strategy, int replicas,
                                Optional<String> noNamespaces, Map<String, String> environment) {
        if (fixed.isEmpty()) {
            return new Assigned();
        }
        FixedPort port = fixed.get();
        Optional<String> why = strategy == Strategy.RECREATE
                ? Optional.of("the recreate strategy runs it on the host's network") : noNamespaces
                .or(() -> loopbackVariable(environment).map(name -> name + " points at the host's loopback, which "
                        + "an instance in a network namespace of its own cannot reach"));
        if (why.isEmpty()) {
            return new Namespaces(port);
        }
        if (replicas > 1) {
            return new Impossible(port, "the app is pinned to port " + port.port() + " (" + port.evidence()
                    + "), so " + replicas + " replicas cannot share this host's network, and each "
                    + "cannot get a network namespace of its own: " + why.get(), "Make the app listen on $PORT, run "
                    + "1 replica (--replicas 1)" + (noNamespaces.isPresent() ? ", or run HiveMind as root" : ""));
        }
        return new OneAtATime(port, why.get());
    }

    /**
     * {@link #choose} for a release about to start; throws, before anything starts, when its instances cannot run
     * anywhere.
     */
    static PortPlacement forRelease(String app, String releaseId, Optional<FixedPort> fixed, Strategy strategy,
                                    int replicas, Optional<String> noNamespaces, Map<String, String> environment) {
        PortPlacement placement = choose(fixed, strategy, replicas, noNamespaces, environment);
        if (placement instanceof Impossible impossible) {
            throw DeploymentException.cannotSucceed(Agent.DEPLOYER, impossible.problem(), "Placing the instances of "
                    + "release " + releaseId + " of app '" + app + "'", impossible.remedy());
        }
        return placement;
    }

    /**
     * The port the app's serving release was found listening on instead of its {@code PORT} (an app the analyzer did
     * not see pinned): its next release is placed like a pinned one.
     */
    static Optional<FixedPort> observed(Optional<AppView> app) {
        return app.flatMap(view -> view.activeRelease().flatMap(view::release))
                .flatMap(ReleaseView::first).filter(InstanceView::ignoresPort)
                .map(instance -> new FixedPort(instance.port(), "release " + instance.releaseId() + " was found "
                        + "listening on port " + instance.port() + ", not on the PORT it was given ("
                        + instance.givenPort() + ")"));
    }

    /** The name of the first variable whose value names the host's loopback. */
    static Optional<String> loopbackVariable(Map<String, String> environment) {
        return environment.entrySet().stream().filter(entry -> LOOPBACK.matcher(entry.getValue()).find())
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /** What the plan and the deployment say about it; empty for an app that reads PORT. */
    default Optional<String> describe(Strategy asked) {
        return switch (this) {
            case Assigned assigned -> Optional.empty();
            case Namespaces namespaces -> Optional.of("the app is pinned to port " + namespaces.fixed().port()
                    + " (" + namespaces.fixed().evidence() + "): each instance runs in a network namespace of its own, listening on " + namespaces.fixed().port() + " there, reached by the "
                    + "proxy at its own address and by nothing on this host's interfaces; it reaches this machine at "
                    + "its gateway address, not the host's loopback nor the internet");
            case OneAtATime one -> Optional.of("the app is pinned to port " + one.fixed().port() + " ("
                    + one.fixed().evidence() + "); it runs on the host's network since " + one.why() + ": "
                    + (asked == Strategy.RECREATE ? "" : "recreate instead of " + asked + ", ")
                    + "the release serving now stops before the new one starts");
            case Impossible impossible -> Optional.of(impossible.problem());
        };
    }
}
