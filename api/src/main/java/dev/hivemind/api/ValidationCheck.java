package dev.hivemind.api;

import java.util.Objects;

/**
 * One request the validator made and what came back.
 *
 * @param name          what was checked, e.g. {@code health}
 * @param url           the URL requested
 * @param passed        whether the answer was the expected one
 * @param statusCode    the HTTP status, or 0 when no answer came (and for the load sample's figures)
 * @param durationMillis how long the answer took
 * @param detail        what was expected and what came back
 */
public record ValidationCheck(String name, String url, boolean passed, int statusCode, long durationMillis, String detail) {
    public ValidationCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether this is a figure of the load sample (many requests: there is no one status). */
    public boolean loadFigure() {
        return name.startsWith("load ");
    }

    /** The status as a report's table shows it: {@code 200}, {@code no answer}, or {@code n/a (load sample)}. */
    public String statusText() {
        return statusCode > 0 ? String.valueOf(statusCode) : loadFigure() ? "n/a (load sample)" : "no answer";
    }

    /** What came back, in words: {@code HTTP 200}, {@code no answer}, or {@code n/a (load sample)}. */
    public String answer() {
        return statusCode > 0 ? "HTTP " + statusCode : statusText();
    }
}
