package dev.hivemind.api.remote;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server reached over SSH.
 *
 * @param user the login ({@code root} when none is given)
 * @param host a host name or an IP address (IPv6 without brackets)
 * @param port the SSH port
 */
public record SshHost(String user, String host, int port) {
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_USER = "root";
    private static final Pattern SPEC = Pattern.compile(
            "(?:(?<user>[a-z_][a-z0-9_.-]{0,31})@)?(?:\\[(?<v6>[0-9A-Fa-f:.]+)]|(?<host>[A-Za-z0-9][A-Za-z0-9.-]{0,252}))"
                    + "(?::(?<port>[0-9]{1,5}))?");

    public SshHost {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("an SSH port is within 1..65535, not " + port);
        }
    }

    /**
     * Reads {@code [user@]HOST[:PORT]} ({@code [v6-address]:PORT} for IPv6).
     *
     * @throws InvalidInputException naming the text and the expected form
     */
    public static SshHost parse(String spec) {
        Matcher matcher = SPEC.matcher(spec == null ? "" : spec.strip());
        if (!matcher.matches()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "'" + spec + "' is not an SSH host",
                    "Reading the hosts to deploy to", "Give each host as [user@]HOST[:PORT], e.g. deploy@203.0.113.7 "
                    + "or deploy@web1.example.com:2222 ([2001:db8::7]:22 for IPv6)");
        }
        String user = matcher.group("user") == null ? DEFAULT_USER : matcher.group("user");
        String host = matcher.group("v6") != null ? matcher.group("v6") : matcher.group("host");
        int port = matcher.group("port") == null ? DEFAULT_PORT : Integer.parseInt(matcher.group("port"));
        if (port < 1 || port > 65_535) {
            throw new InvalidInputException(Agent.CONDUCTOR, "port " + port + " of SSH host '" + spec
                    + "' is outside 1..65535", "Reading the hosts to deploy to", "Give the host's SSH port, e.g. "
                    + host + ":22");
        }
        return new SshHost(user, host, port);
    }

    /** How the user wrote it, normalised: {@code user@host:port}. */
    public String display() {
        return user + "@" + address() + ":" + port;
    }

    /** The host as a URL or known_hosts needs it: IPv6 addresses in brackets. */
    public String address() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** A name for files and directories kept per host: letters, digits, '.', '-' and '_' only. */
    public String fileName() {
        return (host + "_" + port).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public boolean isRoot() {
        return user.equals(DEFAULT_USER);
    }

    @Override
    public String toString() {
        return display();
    }
}
