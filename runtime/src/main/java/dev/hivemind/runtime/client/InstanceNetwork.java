package dev.hivemind.runtime.client;

import java.util.Optional;

/**
 * Where a release's instances listen. By default each gets a free loopback port as {@code PORT}. An app that listens on
 * a port of its own whatever {@code PORT} says ({@code appPort}, known from its code) can run each instance in its own
 * network namespace ({@code ownNamespace}, as root): there every instance listens on that same port without clashing
 * with the others, reachable by the proxy at the namespace's own address and by nothing on the host's interfaces.
 * Either way the agent routes to the port each instance really listens on (its processes' listening sockets).
 *
 * @param ownNamespace whether each instance runs in a network namespace of its own
 * @param appPort      the port the app listens on whatever {@code PORT} says, when its code says so
 */
public record InstanceNetwork(boolean ownNamespace, Optional<Integer> appPort) {

    public InstanceNetwork {
        appPort = appPort == null ? Optional.empty() : appPort;
        appPort.filter(port -> port < 1 || port > 65_535).ifPresent(port -> {
            throw new IllegalArgumentException("app_port must be 1-65535, got " + port);
        });
    }

    /** A free loopback port per instance, given as {@code PORT}: what an app that reads {@code PORT} needs. */
    public static InstanceNetwork loopback() {
        return new InstanceNetwork(false, Optional.empty());
    }

    /** On the host's loopback, where the app listens on {@code port} whatever {@code PORT} says. */
    public static InstanceNetwork fixedPort(int port) {
        return new InstanceNetwork(false, Optional.of(port));
    }

    /** Each instance in a network namespace of its own, where the app listens on {@code port}. */
    public static InstanceNetwork namespace(int port) {
        return new InstanceNetwork(true, Optional.of(port));
    }

    @Override
    public String toString() {
        return (ownNamespace ? "own network namespace" : "host loopback")
                + appPort.map(port -> ", app port " + port).orElse("");
    }
}
