package dev.hivemind.runtime.proxy;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * What the edge proxy tells an app about the client, as Heroku's router and kamal-proxy do: {@code X-Forwarded-For}
 * (the client's address appended to any list the client sent), {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}
 * and {@code X-Forwarded-Port} (what the client reached, replacing whatever the client claimed: a client on plain HTTP
 * cannot pass for HTTPS), and the standard {@code Forwarded} (RFC 7239) element appended to any the client sent.
 *
 * <p>Built by concatenation on every request: Jetty's default (a {@code Forwarded} header through
 * {@code String.format} and a {@code Via} header) cost about 5 % of the proxy's CPU under load.
 */
final class ForwardedHeaders {
    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";

    private ForwardedHeaders() {
    }

    /**
     * Sets the forwarding headers of the request to the backend from the client's request. An HTTP/1.0 request may
     * come without {@code Host} (HTTP/1.1 cannot: Jetty refuses it with 400, as RFC 9112 says): the app is then told
     * the address and port the client reached, as nginx passes its server's name ({@code $host}), never the
     * instance's own loopback address, which the request to it would otherwise carry.
     */
    static void put(Request client, HttpFields.Mutable toBackend) {
        String address = Request.getRemoteAddr(client);
        String proto = client.isSecure() ? "https" : "http";
        String host = client.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = reached(client);
            toBackend.put(HttpHeader.HOST, host);
        }
        toBackend.put(FOR, appended(client.getHeaders().get(HttpHeader.X_FORWARDED_FOR), address));
        toBackend.put(PROTO, proto);
        toBackend.put(HOST, host);
        toBackend.put(PORT, Integer.toString(Request.getLocalPort(client)));
        toBackend.put(new HttpField(HttpHeader.FORWARDED, appended(client.getHeaders().get(HttpHeader.FORWARDED),
                "for=" + quoted(address) + ";proto=" + proto + ";host=" + quoted(host))));
    }

    /** The address and port the client connected to, as a {@code Host} value ({@code [::1]:8080} for IPv6). */
    private static String reached(Request client) {
        String authority = client.getHttpURI().getAuthority();
        return authority != null ? authority
                : HostPort.normalizeHost(Request.getLocalAddr(client)) + ":" + Request.getLocalPort(client);
    }

    private static String appended(String earlier, String value) {
        return earlier == null || earlier.isBlank() ? value : earlier + ", " + value;
    }

    /**
     * A value as an RFC 7239 token when it is one, else as a quoted string: IPv6 addresses and host:port pairs are
     * quoted ({@code for="[::1]"}).
     */
    static String quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!tokenCharacter(value.charAt(i))) {
                return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            }
        }
        return value;
    }

    private static boolean tokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
