package dev.hivemind.runtime;

import org.eclipse.jetty.http.HttpFields;

/**
 * The security headers the edge proxy adds to every answer unless the app set them itself: {@code nosniff},
 * {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}, and over HTTPS
 * {@code Strict-Transport-Security} for a year.
 */
final class SecurityHeaders {
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {
    }

    /**
     * Puts the defaults on a response before the app's headers are copied onto it; the proxy copies each header of
     * the app's answer with {@code put}, so a header the app set replaces the default.
     */
    static void putDefaults(HttpFields.Mutable headers, boolean secure) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        if (secure) {
            headers.put("Strict-Transport-Security", HSTS);
        }
    }
}
