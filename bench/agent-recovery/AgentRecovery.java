import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Agent-recovery benchmark: deploys examples/node-plain, then RUNS times kills the host agent with SIGKILL (its
 * supervisor first, so nothing brings it back by itself: a machine after a reboot, or one whose supervisor died) during a
 * steady request loop through the app's public port, starts it again with {@code hivemind agent start}, and measures
 * the time from the new agent's process start to the first request served through its proxy (target: under 1 s).
 * The first run starts without the agent's class cache (a machine whose agent never exited normally); the agent is
 * then stopped once normally, which writes the cache, and the other runs start from it.
 * Run with bench/agent-recovery/run; arguments: RUNS PORT.
 */
public final class AgentRecovery {
    /** One kill and restart: milliseconds from the agent's process start to traffic, the outage and the CLI's time. */
    record Recovery(boolean cached, boolean adopted, long startToServedMillis, long cpuMillis, long outageMillis, long cliMillis,
                    String agentLog) { }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        Bench bench = new Bench();
        String url = "http://127.0.0.1:" + port + "/";
        List<Recovery> recoveries = new ArrayList<>();
        try {
            bench.hivemind("deploy", "examples/node-plain", "--port", String.valueOf(port), "--env", "APP_VERSION=v1");
            recoveries.add(recover(bench, url));            // the deploy's agent never exited: no class cache yet
            bench.hivemind("agent", "stop");                // a normal exit writes the cache
            bench.hivemind("agent", "start");
            for (int i = 0; i < runs; i++) {
                recoveries.add(recover(bench, url));
            }
            long adopted = recoveries.stream().filter(Recovery::adopted).count();
            String sameApp = adopted + " of " + recoveries.size() + " runs (same pid after the agent's restart)";
            bench.write("agent-recovery", report(runs, recoveries, sameApp));
        } finally {
            bench.cleanUp("node-plain");
        }
        if (recoveries.stream().skip(1).anyMatch(r -> r.startToServedMillis() >= 1000)) {
            System.exit(1);
        }
    }

    private static Recovery recover(Bench bench, String url) throws Exception {
        boolean cached = Files.list(bench.home.resolve("agent")).anyMatch(f -> f.toString().matches(".*agent-.*\\.(aot|jsa)"));
        String appBefore = appPid(bench);
        try (Traffic traffic = new Traffic(url, 2, 2)) {
            await(() -> traffic.samples.stream().filter(Traffic.Sample::ok).count() >= 20, "the loop to get answers");
            // the agent's supervisor first, or its agent standing by would take over (bench/chaos measures that)
            withoutSupervisor(bench);
            long killed = System.nanoTime();
            new ProcessBuilder("kill", "-9", agentPid(bench)).inheritIO().start().waitFor();
            await(() -> traffic.samples.stream().anyMatch(s -> s.sent() > killed && !s.ok()), "requests to fail");
            long cliStart = System.nanoTime();
            bench.hivemind("agent", "start");
            long cliMillis = (System.nanoTime() - cliStart) / 1_000_000;
            await(() -> traffic.samples.stream().anyMatch(s -> s.sent() > cliStart && s.ok()), "traffic again");
            long agent = Long.parseLong(agentPid(bench));
            long cpuMillis = Bench.cpuMillis(agent); // read just after the first answer: an upper bound
            double agentStart = Bench.processStart(agent);
            // the first answer after the new agent's process started (nothing answered in between: the old one is dead)
            long firstServed = traffic.sorted().stream().filter(s -> Bench.secondsSinceBoot(s.sent()) >= agentStart && s.ok())
                    .mapToLong(Traffic.Sample::ended).min().orElseThrow();
            boolean adopted = appPid(bench).equals(appBefore);
            String log = Files.readAllLines(bench.home.resolve("agent/agent.log")).stream()
                    .filter(line -> line.contains("restored")).reduce((a, b) -> b).orElse("");
            return new Recovery(cached, adopted, Math.round((Bench.secondsSinceBoot(firstServed) - agentStart) * 1000), cpuMillis,
                    (firstServed - killed) / 1_000_000, cliMillis, log.replaceFirst(".*restored", "restored"));
        }
    }

    /** Kills the agent's supervisor and the agent standing by, leaving the serving agent alone. */
    private static void withoutSupervisor(Bench bench) throws IOException {
        long agent = Long.parseLong(agentPid(bench));
        ProcessHandle.of(Long.parseLong(Files.readString(bench.home.resolve("agent/supervisor.pid")).strip()))
                .ifPresent(supervisor -> {
                    List<ProcessHandle> under = supervisor.descendants().filter(p -> p.pid() != agent).toList();
                    supervisor.destroyForcibly();
                    under.forEach(ProcessHandle::destroyForcibly);
                });
    }

    private static String agentPid(Bench bench) throws IOException {
        return Files.readString(bench.home.resolve("agent/agent.pid")).strip();
    }

    /** The app instance's pid, as the agent records it in its desired state. */
    private static String appPid(Bench bench) throws IOException {
        String desired = Files.readString(bench.home.resolve("agent/desired.json"));
        return desired.replaceFirst("(?s).*?\"pid\"\\s*:\\s*(\\d+).*", "$1");
    }

    private static void await(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Traffic.sleepMillis(5);
        }
    }

    private static String report(int runs, List<Recovery> recoveries, String sameApp) {
        List<Long> warm = recoveries.stream().skip(1).map(Recovery::startToServedMillis).sorted().toList();
        Recovery cold = recoveries.getFirst();
        String rows = recoveries.stream().map(r -> String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s |",
                r.cached() ? "yes" : "no", r.startToServedMillis(), r.cpuMillis(), r.outageMillis(), r.cliMillis(), r.agentLog()))
                .collect(Collectors.joining("\n"));
        return String.format(Locale.ROOT, """
                # Agent recovery after kill -9

                `bench/agent-recovery/run %d`: examples/node-plain behind the edge proxy, a loop of 2 clients (a new
                connection per request, 2 ms apart); kill -9 of the host agent, then `hivemind agent start`. Time from
                the new agent's process start (/proc start ticks) to the first 200 through the proxy. Target: < 1 s.
                The agent's CPU time (user + system, all its threads) is read just after that first answer: on a
                machine as loaded as this one, it says what the start costs regardless of the wait for a core.

                - with the class cache (%d runs): median **%d ms**, max **%d ms** (target < 1000 ms: %s);
                  the agent's CPU time by then: median %d ms
                - without it (first start after the deploy's agent was killed, never having exited normally): %d ms
                - the app instance was adopted, not restarted: %s

                | class cache | agent start → served (ms) | agent CPU by then (ms) | outage: kill → served (ms) | `agent start` CLI (ms) | agent's log |
                |---|---|---|---|---|---|
                %s
                """, runs, warm.size(), Bench.percentile(warm, 50), warm.isEmpty() ? 0 : warm.getLast(),
                !warm.isEmpty() && warm.getLast() < 1000 ? "met" : "NOT met",
                Bench.percentile(recoveries.stream().skip(1).map(Recovery::cpuMillis).sorted().toList(), 50), cold.startToServedMillis(), sameApp, rows);
    }
}
