package dev.hivemind.runtime.client;

import java.util.Objects;

/**
 * A TCP socket an instance's processes listen on, as {@code /proc} shows it.
 *
 * @param address the address it is bound to: {@code 0.0.0.0} or {@code ::} for every address, {@code 127.0.0.1},
 *                {@code ::1}, or one address of the network it runs in
 * @param port    the port
 */
public record Listener(String address, int port) {

    public Listener {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a listening port must be 1-65535, got " + port);
        }
    }

    /** Bound to every address of its network ({@code 0.0.0.0}, {@code ::}). */
    public boolean wildcard() {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    /** Bound to the loopback address only. */
    public boolean loopback() {
        return address.startsWith("127.") || address.equals("::1") || address.startsWith("::ffff:127.");
    }

    @Override
    public String toString() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
