package dev.hivemind.target.rollout;

import dev.hivemind.api.FixedPort;
import dev.hivemind.runtime.client.InstanceView;
import dev.hivemind.runtime.client.Listener;
import dev.hivemind.runtime.client.ProbeView;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Why an instance did not become healthy, told from its evidence (exit code, last log lines, the sockets its processes
 * listened on, the probes' answers), whether running the deployment again could help, and what to do. Only a crash
 * with no known cause and a slow start (no port yet, or no answer in time: a busy machine) are worth a retry: a
 * missing command, a missing module, a taken port, a command that ends at once or a wrong answer fail the same way
 * every time.
 *
 * @param cause       what happened, quoting the evidence
 * @param retryable   whether a second attempt could succeed
 * @param remediation what to do
 */
record StartupDiagnosis(String cause, boolean retryable, String remediation) {
    /** What a shell (exit code 127) or an interpreter says of a command or script that is not there. */
    private static final Pattern NOT_FOUND = Pattern.compile("(?i)command not found|: not found$|No such file or "
            + "directory|can't open file");
    private static final Pattern SCRIPT_NOT_FOUND = Pattern.compile("can't open file|command not found|: not found$");
    private static final Pattern MISSING_MODULE = Pattern.compile("Cannot find module '([^']+)'"
            + "|ERR_MODULE_NOT_FOUND\\]?:? Cannot find (?:package|module) '([^']+)'"
            + "|ModuleNotFoundError: No module named '([^']+)'|ImportError: No module named '?([\\w.]+)"
            + "|ClassNotFoundException: ([\\w.$]+)|Could not find or load main class ([\\w.$]+)");
    private static final Pattern PORT_IN_USE = Pattern.compile("(?i)EADDRINUSE|address already in use");
    private static final Pattern PORT_NUMBER = Pattern.compile(":(\\d{2,5})\\b");

    /**
     * @param view      the instance that tells most
     * @param command   the release's start command, when known
     * @param fixedPort the port the analyzer found the app pinned to, if any
     */
    static StartupDiagnosis of(InstanceView view, String healthPath, Optional<String> command,
                               Optional<FixedPort> fixedPort) {
        List<String> lines = appLines(view);
        String start = command.map(text -> "`" + text + "`").orElse("the start command");
        Optional<Integer> exit = view.exitCode();
        Optional<String> notFound = last(lines, NOT_FOUND);
        if (exit.filter(code -> code == 127).isPresent()
                || exit.filter(code -> code != 0).isPresent() && last(lines, SCRIPT_NOT_FOUND).isPresent()) {
            return new StartupDiagnosis(start + " was not found (exit code " + exit.get() + notFound.map(line
                    -> ": " + line).orElse("") + ")", false, "Give a start command the build produces: `start:` in "
                    + "hivemind.yaml or a Procfile `web:` line; `hivemind analyze` shows what was detected and why");
        }
        if (exit.filter(code -> code == 126).isPresent()) {
            return new StartupDiagnosis(start + " cannot be run (exit code 126: not executable)", false,
                    "Make the file executable in the repository (git update-index --chmod=+x FILE) or start it "
                            + "through its interpreter in `start:` of hivemind.yaml");
        }
        Optional<Matcher> module = lastMatch(lines, MISSING_MODULE);
        if (module.isPresent()) {
            return missingModule(module.get(), exit);
        }
        Optional<String> inUse = last(lines, PORT_IN_USE);
        if (inUse.isPresent()) {
            return portInUse(inUse.get(), fixedPort);
        }
        if (exit.filter(code -> code == 0).isPresent()) {
            return new StartupDiagnosis(start + " ended with exit code 0 before the app answered " + healthPath,
                    false, "The start command must keep the server running in the foreground: a command that only "
                    + "builds, or starts a daemon (pm2 start, nohup ... &) and returns, ends at once; set `start:` "
                    + "in hivemind.yaml to the command that runs the server");
        }
        if (exit.isPresent()) {
            return new StartupDiagnosis("it exited with code " + exit.get() + " while starting", true,
                    "Fix what its last log lines say; `hivemind logs APP` shows its whole output");
        }
        return stillRunning(view, healthPath, fixedPort);
    }

    private static StartupDiagnosis missingModule(Matcher found, Optional<Integer> exit) {
        String module = java.util.stream.IntStream.rangeClosed(1, found.groupCount()).mapToObj(found::group)
                .filter(group -> group != null).findFirst().orElse("?");
        return new StartupDiagnosis("it needs " + module + ", which the build did not install (" + found.group()
                + exit.map(code -> ", exit code " + code).orElse("") + ")", false, "Declare " + module + " among the "
                + "app's runtime dependencies (package.json dependencies, not devDependencies; requirements.txt or "
                + "pyproject.toml; the jar's classpath) and deploy again");
    }

    private static StartupDiagnosis portInUse(String line, Optional<FixedPort> fixedPort) {
        Optional<Integer> port = Optional.of(PORT_NUMBER.matcher(line)).filter(Matcher::find)
                .map(matcher -> Integer.valueOf(matcher.group(1))).or(() -> fixedPort.map(FixedPort::port));
        String which = port.map(number -> "port " + number).orElse("its port");
        return new StartupDiagnosis(which + " is already in use (" + line + ")", false, fixedPort.map(fixed ->
                "The app is pinned to port " + fixed.port() + " (" + fixed.evidence() + "). Something else on this "
                + "machine listens there (ss -ltnp 'sport = :" + fixed.port() + "' shows what): stop it, or make the "
                + "app listen on $PORT").orElse("Something else listens on " + which + " (ss -ltnp shows what): stop "
                + "it, or make the app listen on $PORT, which the agent gives each instance free"));
    }

    /** The process still runs: it listens nowhere the proxy reaches, or answers the probes wrongly or slowly. */
    private static StartupDiagnosis stillRunning(InstanceView view, String healthPath, Optional<FixedPort> fixedPort) {
        List<Listener> listening = view.listening();
        if (view.namespace().isPresent() && !listening.isEmpty()
                && listening.stream().allMatch(Listener::loopback)) {
            return new StartupDiagnosis("it listens only on " + sockets(listening) + " inside its own network "
                    + "namespace " + view.namespace().get() + ", where the proxy cannot reach it", false,
                    "Make the app listen on every address (HOST is 0.0.0.0 there), or deploy with --strategy "
                    + "recreate to run it on the host's loopback, one release at a time");
        }
        Optional<ProbeView> answered = view.probes().stream().filter(probe -> probe.statusCode().isPresent())
                .reduce((first, second) -> second);
        if (answered.isPresent()) {
            return new StartupDiagnosis("it answers " + healthPath + " with HTTP " + answered.get().statusCode()
                    .orElseThrow() + " on " + view.endpoint(), false, "Give the path that answers 2xx when the app "
                    + "is up: --health-path PATH, or health.path in hivemind.yaml");
        }
        if (listening.isEmpty()) {
            return new StartupDiagnosis("it opened no TCP port within its startup deadline (it was given PORT="
                    + view.givenPort() + ")", true, fixedPort.map(fixed -> "It should listen on " + fixed.port()
                    + " (" + fixed.evidence() + "); check its log for what keeps it from starting").orElse("Make "
                    + "the app listen on $PORT; if it only starts slowly, raise --startup-deadline"));
        }
        return new StartupDiagnosis("it listens on " + sockets(listening) + " but did not answer " + healthPath
                + " in time on " + view.endpoint(), true, "If it starts slowly, raise --startup-deadline or "
                + "--health-timeout; its output is in " + view.logPath());
    }

    /**
     * A diagnosis before the process exits or the deadline passes, when its log already says it cannot succeed: its
     * port is taken, or a module is missing, and it listens on nothing.
     */
    static Optional<StartupDiagnosis> early(InstanceView view, String healthPath, Optional<String> command,
                                            Optional<FixedPort> fixedPort) {
        List<String> lines = appLines(view);
        boolean hopeless = view.listening().isEmpty() && view.pid().isPresent()
                && (last(lines, PORT_IN_USE).isPresent() || lastMatch(lines, MISSING_MODULE).isPresent());
        return hopeless ? Optional.of(of(view, healthPath, command, fixedPort)) : Optional.empty();
    }

    /** The app's own lines, without the agent's notes. */
    private static List<String> appLines(InstanceView view) {
        return view.lastLogLines().stream().filter(line -> !line.startsWith("[hivemind] ")).toList();
    }

    private static String sockets(List<Listener> listening) {
        return listening.stream().map(Listener::toString).collect(Collectors.joining(", "));
    }

    private static Optional<String> last(List<String> lines, Pattern pattern) {
        return lastMatch(lines, pattern).map(matcher -> lines.stream().filter(line -> pattern.matcher(line).find())
                .reduce((first, second) -> second).orElseThrow().strip());
    }

    private static Optional<Matcher> lastMatch(List<String> lines, Pattern pattern) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(lines.get(i));
            if (matcher.find()) {
                return Optional.of(matcher);
            }
        }
        return Optional.empty();
    }
}
