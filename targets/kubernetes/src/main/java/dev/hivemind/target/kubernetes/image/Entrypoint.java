package dev.hivemind.target.kubernetes.image;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.CleanEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image's entrypoint and environment, made from the app's start command (the one {@code deploy} runs with
 * {@code /bin/sh -c} in the release directory). A command of plain words becomes an exec-form entrypoint, so the
 * base needs no shell; what only the host's shell gave is turned into image settings: the virtualenv's
 * {@code PATH} of a Python app, the JDK path HiveMind found on this machine (the image's {@code java} is on its
 * {@code PATH}). Anything else with shell syntax runs as {@code /bin/sh -c COMMAND}, which needs a shell in the base.
 *
 * @param argv        the entrypoint
 * @param environment variables the command relied on
 */
public record Entrypoint(List<String> argv, Map<String, String> environment) {
    /** The image's default {@code PATH} (Debian's), behind the virtualenv's. */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Pattern VIRTUALENV = Pattern.compile(
            "^export PATH=\"\\$PWD/(\\S+)/bin:\\$PATH\" VIRTUAL_ENV=\"\\$PWD/(\\S+)\" && (.+)$");
    private static final Pattern HOST_JAVA = Pattern.compile("^'[^']*/bin/java' (?:\\$JAVA_OPTS )?(.+)$");
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[$`\\\\\"'|&;<>(){}*?~#=\\[\\]!]");

    public Entrypoint {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }

    /**
     * @param startCommand the app's start command
     * @param appDirectory where the artifact is in the image, e.g. {@code /app}
     * @throws InvalidInputException when the command needs HiveMind's host agent (a static site's file server)
     */
    public static Entrypoint of(String startCommand, String appDirectory) {
        String command = startCommand.strip();
        if (command.contains("HIVEMIND_STATIC_SERVER")) {
            throw new InvalidInputException(Agent.COMPILER, "a static site is served by HiveMind's host agent, "
                    + "which an image does not hold", "Making the image's entrypoint from the start command",
                    "Name a base image with a web server (--base or image.base in hivemind.yaml) and its start "
                            + "command (start: in hivemind.yaml), e.g. start: busybox httpd -f -p $PORT -h .");
        }
        if (command.startsWith("exec ")) {
            command = command.substring("exec ".length()).strip();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        // the release's bin/ first, as on a host: Procfile programs, the Go build's binary, a fetched yarn or pnpm
        String path = appDirectory + "/" + CleanEnvironment.BIN + ":" + PATH;
        environment.put("PATH", path);
        Matcher virtualenv = VIRTUALENV.matcher(command);
        if (virtualenv.matches() && virtualenv.group(1).equals(virtualenv.group(2))) {
            String venv = appDirectory + "/" + virtualenv.group(1);
            environment.put("PATH", venv + "/bin:" + path);
            environment.put("VIRTUAL_ENV", venv);
            command = virtualenv.group(3).strip();
        }
        Matcher java = HOST_JAVA.matcher(command);
        if (java.matches()) {
            command = "java " + java.group(1).strip();
        }
        if (SHELL_SYNTAX.matcher(command).find()) {
            return new Entrypoint(List.of("/bin/sh", "-c", command), environment);
        }
        List<String> argv = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        if (argv.getFirst().startsWith("./")) {
            argv.set(0, appDirectory + argv.getFirst().substring(1));
        }
        return new Entrypoint(argv, environment);
    }
}
