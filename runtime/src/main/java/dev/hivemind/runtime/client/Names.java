package dev.hivemind.runtime.client;

import java.util.Objects;
import java.util.regex.Pattern;

/** App names and release ids become path segments and URL segments, so only safe characters are accepted. */
public final class Names {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Names() {
    }

    public static String app(String name) {
        return check(name, "app name");
    }

    public static String release(String id) {
        return check(id, "release id");
    }

    private static String check(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
