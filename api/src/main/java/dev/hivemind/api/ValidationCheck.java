package dev.hivemind.api;

import java.util.Objects;

/**
 * One request the validator made and what came back.
 *
 * @param name          what was checked, e.g. {@code health}
 * @param url           the URL requested
 * @param passed        whether the answer was the expected one
 * @param statusCode    the HTTP status, or 0 when no answer came
 * @param durationMillis how long the answer took
 * @param detail        what was expected and what came back
 */
public record ValidationCheck(String name, String url, boolean passed, int statusCode, long durationMillis, String detail) {
    public ValidationCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(detail, "detail");
    }
}
