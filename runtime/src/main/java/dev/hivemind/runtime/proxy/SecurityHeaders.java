package dev.hivemind.runtime.proxy;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The security headers the edge proxy adds to every answer unless the app set them itself: {@code nosniff},
 * {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}, and over HTTPS
 * {@code Strict-Transport-Security} for a year.
 */
final class SecurityHeaders {
    static final String HSTS = "max-age=31536000";
    // encoded once: they go on every answer
    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField NO_FRAMES = new PreEncodedHttpField("X-Frame-Options", "DENY");
    private static final HttpField NO_REFERRER = new PreEncodedHttpField("Referrer-Policy", "no-referrer");
    private static final HttpField STRICT_TRANSPORT = new PreEncodedHttpField("Strict-Transport-Security", HSTS);

    private SecurityHeaders() {
    }

    /**
     * Puts the defaults on a response before the app's headers are copied onto it; the proxy copies each header of
     * the app's answer with {@code put}, so a header the app set replaces the default.
     */
    static void putDefaults(HttpFields.Mutable headers, boolean secure) {
        headers.put(NOSNIFF);
        headers.put(NO_FRAMES);
        headers.put(NO_REFERRER);
        if (secure) {
            headers.put(STRICT_TRANSPORT);
        }
    }
}
