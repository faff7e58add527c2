package dev.hivemind.runtime.proxy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * The cookie that keeps a client on one release while an app's traffic is split between releases (a canary): the
 * proxy sets {@code hivemind_release=<release>} on answers while more than one release has weight, and a request that
 * carries it goes to that release as long as the release still has weight.
 */
final class StickyCookie {
    static final String NAME = "hivemind_release";
    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private StickyCookie() {
    }

    /** The release the request's cookie names, if it carries a well-formed one. */
    static Optional<String> release(Request request) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            String value = cookie.getValue();
            if (cookie.getName().equals(NAME) && value != null && RELEASE.matcher(value).matches()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The {@code Set-Cookie} value pinning a client to the release (a session cookie, for every path). */
    static String header(String releaseId, boolean secure) {
        return NAME + "=" + releaseId + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
