package dev.hivemind.api.host;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environments HiveMind gives the processes that outlive a command, instead of its own: nothing of the
 * operator's shell (tokens, cloud keys, {@code HIVEMIND_HOME}) reaches them.
 * <ul>
 * <li>The host agent gets {@code PATH}, {@code HOME} and {@code LANG} of the command that starts it, and
 * {@code HIVEMIND_HOME}: it runs {@code setsid}, {@code kill}, {@code /bin/sh} and PostgreSQL's {@code pg_ctl}, and
 * reads its home from the variable.</li>
 * <li>An app's process (an instance, its migration) gets a base of {@code PATH} and {@code LANG} as its starter has
 * them and {@code HOME} set to its own directory (the release directory, as Heroku's {@code HOME} is the app), then
 * the app's own variables over it (an app may set {@code PATH}, {@code HOME} or {@code LANG} itself), then what
 * HiveMind adds ({@code PORT}, {@code HOST}, {@code HIVEMIND_STATIC_SERVER}, {@code DATABASE_URL}).</li>
 * </ul>
 * {@code PATH} keeps only absolute entries: an empty or relative one would find commands in whatever directory the
 * process is in. With none left it is {@link #DEFAULT_PATH}; {@code LANG} unset is {@link #DEFAULT_LANG}.
 */
public final class CleanEnvironment {
    /** Where commands are looked for when the starter's PATH has no absolute entry. */
    /** The directory of an app's release that is first on its PATH. */
    public static final String BIN = "bin";
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** UTF-8 without a language: file names and output are not cut down to ASCII. */
    public static final String DEFAULT_LANG = "C.UTF-8";

    private CleanEnvironment() {
    }

    /** What the host agent starts with, from the environment of the command that starts it. */
    public static Map<String, String> agent(Map<String, String> starter, HivemindHome home) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", path(starter.getOrDefault("PATH", "")));
        environment.put("HOME", starter.getOrDefault("HOME", System.getProperty("user.home")));
        environment.put("LANG", lang(starter));
        environment.put("HIVEMIND_HOME", home.root().toString());
        return Map.copyOf(environment);
    }

    /**
     * The base of an app's process in {@code directory}: {@code PATH} and {@code LANG} from {@code starter} (the
     * agent's own, or the deploying command's for a migration) with the directory's {@code bin/} first (where
     * Heroku-style apps keep the programs their Procfile names, and where the Go build installs the app's program),
     * {@code HOME} the directory.
     */
    public static Map<String, String> appBase(Map<String, String> starter, Path directory) {
        return Map.of("PATH", directory.resolve(BIN) + File.pathSeparator + path(starter.getOrDefault("PATH", "")),
                "HOME", directory.toString(),
                "LANG", lang(starter));
    }

    /** {@code path} without empty or relative entries (or repeats); {@link #DEFAULT_PATH} when none is left. */
    public static String path(String path) {
        String absolute = Arrays.stream(path.split(File.pathSeparator, -1))
                .filter(entry -> entry.startsWith("/"))
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
        return absolute.isEmpty() ? DEFAULT_PATH : absolute;
    }

    private static String lang(Map<String, String> starter) {
        String lang = starter.getOrDefault("LANG", "");
        return lang.isBlank() ? DEFAULT_LANG : lang;
    }
}
