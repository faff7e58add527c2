import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Chaos benchmark, on the loopback only: deploys examples/node-plain, then, with two clients looping on its public
 * port, runs the kill matrix — the CLI killed (SIGKILL) inside each stage of a redeploy and inside the deploy stage's
 * health wait, the agent killed in the middle of a deploy and in the middle of traffic — each followed by
 * {@code hivemind resume ID} (when the deployment did not finish by itself). It counts requests sent and failed,
 * deployments that no command could finish, the seconds without traffic after each agent kill (no command typed), and,
 * after destroy and agent stop, the processes and ports left behind.
 * Run with bench/chaos/run; arguments: PORT [SCENARIOS], SCENARIOS a comma-separated subset of
 * cli:STAGE (preflight, analyze, build, provision, health-wait, harden, validate), agent:deploy and agent:traffic.
 */
public final class Chaos {
    static final String APP = "node-plain";
    static final List<String> ALL = List.of("cli:preflight", "cli:analyze", "cli:build", "cli:provision",
            "cli:health-wait", "cli:harden", "cli:validate", "agent:deploy", "agent:traffic");

    /** One scenario's outcome. */
    record Outcome(String scenario, String caught, String finished, boolean finishable, Optional<Long> gapMillis,
                   long seconds) { }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> scenarios = args.length > 1 ? List.of(args[1].split(",")) : ALL;
        Bench bench = new Bench();
        String url = "http://127.0.0.1:" + port + "/";
        List<Outcome> outcomes = new ArrayList<>();
        List<long[]> agentKills = new ArrayList<>();
        Traffic traffic = null;
        int version = 1;
        try {
            bench.hivemind("deploy", "examples/node-plain", "--port", String.valueOf(port), "--env", "APP_VERSION=v1");
            traffic = new Traffic(url, 2, 5);
            for (String scenario : scenarios) {
                version++;
                long began = System.nanoTime();
                Outcome outcome = scenario.startsWith("cli:")
                        ? cliKilled(bench, port, version, scenario.substring(4))
                        : scenario.equals("agent:deploy") ? agentKilledMidDeploy(bench, port, version, traffic, agentKills)
                        : agentKilledMidTraffic(bench, traffic, agentKills);
                outcomes.add(new Outcome(outcome.scenario(), outcome.caught(), outcome.finished(), outcome.finishable(),
                        outcome.gapMillis(), (System.nanoTime() - began) / 1_000_000_000L));
                System.out.println(outcomes.getLast());
            }
            Traffic.sleepMillis(1000);
            traffic.close();
        } finally {
            if (traffic != null) {
                traffic.close();
            }
            bench.cleanUp(APP);
        }
        Traffic.sleepMillis(2000);
        List<String> orphans = orphans(bench.home);
        boolean portFree = free(port);
        bench.write("chaos", report(args, outcomes, traffic, agentKills, orphans, portFree));
        boolean met = outcomes.stream().allMatch(Outcome::finishable) && orphans.isEmpty() && portFree
                && outcomes.stream().flatMap(o -> o.gapMillis().stream()).allMatch(gap -> gap < 1000);
        System.exit(met ? 0 : 1);
    }

    /** A redeploy whose CLI is killed inside {@code stage} (health-wait: the deploy stage, its release started). */
    private static Outcome cliKilled(Bench bench, int port, int version, String stage) throws Exception {
        Path deployments = bench.home.resolve("deployments");
        List<Path> before = list(deployments);
        Process cli = bench.start("deploy", "examples/node-plain", "--port", String.valueOf(port), "--env",
                "APP_VERSION=v" + version);
        drain(cli);
        Path state = awaitNew(deployments, before, cli).resolve("state.json");
        String id = state.getParent().getFileName().toString();
        String caught = "not caught (it finished first)";
        while (cli.isAlive()) {
            if (stage.equals("health-wait") ? running(state, "deploy")
                    && Files.exists(bench.home.resolve("agent/instances").resolve(APP).resolve(id))
                    : running(state, stage)) {
                cli.destroyForcibly().waitFor();
                caught = "killed in " + stage;
                break;
            }
            Traffic.sleepMillis(5);
        }
        cli.waitFor();
        return finish(bench, "CLI killed in " + stage, id, caught, Optional.empty());
    }

    /** A redeploy during whose deploy stage (its release started) the agent serving the app is killed. */
    private static Outcome agentKilledMidDeploy(Bench bench, int port, int version, Traffic traffic,
                                                List<long[]> agentKills) throws Exception {
        Path deployments = bench.home.resolve("deployments");
        List<Path> before = list(deployments);
        Process cli = bench.start("deploy", "examples/node-plain", "--port", String.valueOf(port), "--env",
                "APP_VERSION=v" + version);
        drain(cli);
        Path state = awaitNew(deployments, before, cli).resolve("state.json");
        String id = state.getParent().getFileName().toString();
        String caught = "not caught (it finished first)";
        Optional<Long> gap = Optional.empty();
        while (cli.isAlive()) {
            if (running(state, "deploy") && Files.exists(bench.home.resolve("agent/instances").resolve(APP).resolve(id))) {
                gap = Optional.of(killAgent(bench, traffic, agentKills));
                caught = "agent killed in deploy";
                break;
            }
            Traffic.sleepMillis(5);
        }
        cli.waitFor();
        return finish(bench, "agent killed mid-deploy", id, caught, gap);
    }

    private static Outcome agentKilledMidTraffic(Bench bench, Traffic traffic, List<long[]> agentKills)
            throws Exception {
        long gap = killAgent(bench, traffic, agentKills);
        boolean up = bench.start("status", APP).waitFor() == 0;
        return new Outcome("agent killed mid-traffic", "agent killed", up ? "status exit 0" : "status exit 1", up,
                Optional.of(gap), 0);
    }

    /** SIGKILL to the serving agent; waits for traffic to be served again; returns the time without it (ms). */
    private static long killAgent(Bench bench, Traffic traffic, List<long[]> agentKills) throws Exception {
        String pid = Files.readString(bench.home.resolve("agent/agent.pid")).strip();
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor();
        long deadline = killed + 30_000_000_000L;
        while (traffic.samples.stream().noneMatch(s -> s.sent() > killed && s.ok())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no traffic served 30 s after the agent was killed");
            }
            Traffic.sleepMillis(5);
        }
        long served = traffic.samples.stream().filter(s -> s.sent() > killed && s.ok()).mapToLong(Traffic.Sample::ended)
                .min().orElseThrow();
        agentKills.add(new long[] {killed, served});
        return (served - killed) / 1_000_000;
    }

    /** Resumes the deployment unless it completed; it is finishable when it ends complete. */
    private static Outcome finish(Bench bench, String scenario, String id, String caught, Optional<Long> gap)
            throws Exception {
        String status = status(bench, id);
        String finished = "complete without resume";
        if (!status.equals("complete")) {
            Process resume = bench.start("resume", id);
            String output = new String(resume.getInputStream().readAllBytes());
            int code = resume.waitFor();
            status = status(bench, id);
            finished = "resume exit " + code + ", " + status + (code == 0 ? ""
                    : ": " + output.lines().filter(line -> line.startsWith("Message:")).findFirst().orElse(""));
        }
        return new Outcome(scenario, caught, finished, status.equals("complete"), gap, 0);
    }

    private static String status(Bench bench, String id) throws IOException {
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"").matcher(Files.readString(
                bench.home.resolve("deployments").resolve(id).resolve("state.json")));
        return status.find() ? status.group(1) : "?";
    }

    /** Whether the stage's record in state.json says it is running. */
    private static boolean running(Path state, String stage) {
        try {
            return Files.readString(state).replaceAll("\\s", "").contains("\"name\":\"" + stage
                    + "\",\"status\":\"running\"");
        } catch (IOException e) {
            return false; // being replaced: read it again
        }
    }

    private static Path awaitNew(Path deployments, List<Path> before, Process cli) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<Path> made = list(deployments).stream().filter(path -> !before.contains(path))
                    .filter(path -> Files.exists(path.resolve("state.json"))).findFirst();
            if (made.isPresent()) {
                return made.get();
            }
            if (!cli.isAlive()) {
                throw new IllegalStateException("the deploy exited before it made its deployment");
            }
            Traffic.sleepMillis(2);
        }
        throw new IllegalStateException("no deployment appeared within 60 s");
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.sorted().toList();
        }
    }

    /** Reads the CLI's output as it comes, so it never blocks on a full pipe. */
    private static void drain(Process process) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process was killed
            }
        });
    }

    /** Processes left that work in, or were started from, the benchmark's HIVEMIND_HOME. */
    private static List<String> orphans(Path home) {
        return ProcessHandle.allProcesses().filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> cwd(process.pid()).startsWith(home.toString())
                        || process.info().commandLine().orElse("").contains(home.toString()))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse("?")).toList();
    }

    private static String cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String report(String[] args, List<Outcome> outcomes, Traffic traffic, List<long[]> agentKills,
                                 List<String> orphans, boolean portFree) {
        List<Traffic.Sample> samples = traffic.sorted();
        long failed = samples.stream().filter(s -> !s.ok()).count();
        long failedOutsideAgentKills = samples.stream().filter(s -> !s.ok())
                .filter(s -> agentKills.stream().noneMatch(kill -> s.sent() >= kill[0] && s.sent() <= kill[1])).count();
        long unfinishable = outcomes.stream().filter(o -> !o.finishable()).count();
        List<Long> gaps = outcomes.stream().flatMap(o -> o.gapMillis().stream()).sorted().toList();
        String rows = outcomes.stream().map(o -> String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d |",
                o.scenario(), o.caught(), o.finished(), o.finishable() ? "yes" : "**no**",
                o.gapMillis().map(gap -> String.format(Locale.ROOT, "%.2f", gap / 1000.0)).orElse("-"), o.seconds()))
                .collect(Collectors.joining("\n"));
        return String.format(Locale.ROOT, """
                # Chaos: the kill matrix under traffic

                `bench/chaos/run %s`: examples/node-plain on the loopback, two clients looping on its public port (a new
                connection per request, 5 ms apart) from the first deploy to the end; each scenario redeploys with a
                new APP_VERSION and kills something with SIGKILL; a deployment left unfinished is resumed with
                `hivemind resume ID`; no command is typed after an agent kill (the agent's supervisor brings it back).

                - requests sent: **%d**, failed: **%d** (%d of them while an agent was down, %d at any other time)
                - deployments left unfinishable: **%d** (target 0)
                - seconds without traffic after an agent kill (no command typed): %s (target < 1 s)
                - after destroy and agent stop: orphan processes **%d**, the public port %s (target: 0 and free)%s

                | scenario | caught | how it finished | finishable | s without traffic | scenario s |
                |---|---|---|---|---|---|
                %s
                """, String.join(" ", args), samples.size(), failed, failed - failedOutsideAgentKills,
                failedOutsideAgentKills, unfinishable,
                gaps.isEmpty() ? "none measured" : gaps.stream().map(gap -> String.format(Locale.ROOT, "%.2f",
                        gap / 1000.0)).collect(Collectors.joining(", ")),
                orphans.size(), portFree ? "free" : "**still bound**",
                orphans.isEmpty() ? "" : "\n  - " + String.join("\n  - ", orphans), rows);
    }
}
