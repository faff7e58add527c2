package dev.hivemind.runtime.client;

import java.util.Locale;

/** Where an instance stands; on the wire in lower case ({@code starting}, {@code healthy}, ...). */
public enum InstanceState {
    /** Started (or restarted after a crash) and being probed. */
    STARTING,
    /** Passed its health probes; traffic may be switched to it. */
    HEALTHY,
    /** Did not pass its probes before the startup deadline; the process keeps running. */
    UNHEALTHY,
    /** The process exited before it ever became healthy. */
    CRASHED,
    /** Stopped on purpose (or being stopped). */
    STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
