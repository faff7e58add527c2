import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rollback benchmark: deploys examples/node-plain as v0, then ROUNDS times deploys a new version vN and runs
 * {@code hivemind rollback node-plain} while a tight request loop reads which version answers on the public port. It
 * measures the CLI's wall time, the time until the previous release is healthy again, and the switch: from the
 * moment the rollback asks the proxy to switch (its "is healthy" line) until every request is answered by the
 * previous release (target: under 200 ms), plus the proxy's own figure and any failed request.
 * Run with bench/rollback/run; arguments: ROUNDS PORT.
 */
public final class Rollback {
    private static final Pattern PROXY_SWITCH = Pattern.compile("traffic switched in (\\d+) µs");
    private static String lastOutput = "";

    /** One rollback's figures, in milliseconds (the proxy's in microseconds). */
    record Round(long cliMillis, long healthyMillis, long switchMillis, long mixedMillis, long proxyMicros,
                 long requests, long failed) { }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        Bench bench = new Bench();
        String url = "http://127.0.0.1:" + port + "/";
        List<Round> results = new ArrayList<>();
        try {
            deploy(bench, port, "v0");
            for (int i = 1; i <= rounds; i++) {
                deploy(bench, port, "v" + i);
                results.add(rollback(bench, url, "v" + i, "v0")); // a rollback goes back to v0 every round
            }
            bench.write("rollback", report(results));
        } finally {
            bench.cleanUp("node-plain");
        }
        if (results.stream().anyMatch(r -> r.failed() > 0 || r.switchMillis() >= 200)) {
            System.exit(1);
        }
    }

    private static void deploy(Bench bench, int port, String version) throws Exception {
        bench.hivemind("deploy", "examples/node-plain", "--port", String.valueOf(port), "--env", "APP_VERSION=" + version);
    }

    private static Round rollback(Bench bench, String url, String current, String previous) throws Exception {
        try (Traffic traffic = new Traffic(url, 2, 1)) {
            Traffic.sleepMillis(500);
            long start = System.nanoTime();
            Process cli = bench.start("rollback", "node-plain");
            long healthy = 0;
            long proxyMicros = -1;
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(String.format(Locale.ROOT, "%6d ms  ", (System.nanoTime() - start) / 1_000_000))
                            .append(line).append('\n');
                    if (healthy == 0 && (line.contains(" is healthy") || line.contains("switching back to it at once"))) {
                        healthy = System.nanoTime();
                    }
                    Matcher matcher = PROXY_SWITCH.matcher(line);
                    if (matcher.find()) {
                        proxyMicros = Long.parseLong(matcher.group(1));
                    }
                }
            }
            if (cli.waitFor() != 0 || healthy == 0) {
                throw new IllegalStateException("hivemind rollback failed:\n" + output);
            }
            long ended = System.nanoTime();
            Traffic.sleepMillis(500);
            lastOutput = output.toString();
            return measure(traffic.sorted(), start, healthy, ended, proxyMicros, "node-plain " + current,
                    "node-plain " + previous);
        }
    }

    private static Round measure(List<Traffic.Sample> samples, long start, long healthy, long ended, long proxyMicros,
                                 String current, String previous) {
        List<Traffic.Sample> during = samples.stream().filter(s -> s.sent() >= start).toList();
        long lastCurrent = during.stream().filter(s -> s.body().endsWith(current)).mapToLong(Traffic.Sample::sent)
                .max().orElse(start);
        long firstPrevious = during.stream().filter(s -> s.body().endsWith(previous)).mapToLong(Traffic.Sample::sent)
                .min().orElseThrow(() -> new IllegalStateException("the previous release (" + previous + ") never answered; answers: "
                        + during.stream().collect(Collectors.groupingBy(Traffic.Sample::body, Collectors.counting()))));
        // every request sent after the last one the current release answered went to the previous release
        long allPrevious = during.stream().filter(s -> s.sent() > lastCurrent && s.body().endsWith(previous))
                .mapToLong(Traffic.Sample::ended).min().orElseThrow();
        long failed = during.stream().filter(s -> !s.ok()).count();
        return new Round((ended - start) / 1_000_000, (healthy - start) / 1_000_000, (allPrevious - healthy) / 1_000_000,
                Math.max(0, lastCurrent - firstPrevious) / 1_000_000, proxyMicros, during.size(), failed);
    }

    private static String report(List<Round> rounds) {
        List<Long> switches = rounds.stream().map(Round::switchMillis).sorted().toList();
        List<Long> totals = rounds.stream().map(Round::cliMillis).sorted().toList();
        String rows = rounds.stream().map(r -> String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d |",
                r.cliMillis(), r.healthyMillis(), r.switchMillis(), r.mixedMillis(), r.proxyMicros(), r.requests(),
                r.failed())).collect(Collectors.joining("\n"));
        return String.format(Locale.ROOT, """
                # Rollback

                `bench/rollback/run %d`: examples/node-plain, a new version deployed, then `hivemind rollback node-plain`
                while a loop of 2 clients (a new connection per request, 1 ms apart) reads which version answers.
                Switch = from the rollback asking the proxy to switch (the moment its "is healthy" or "switching back to it at
                once" line is read) to
                the first answer of the previous release after which the new one answered nothing. Target < 200 ms.

                - switch: median **%d ms**, max **%d ms** (target < 200 ms: %s); proxy's own swap: %s µs
                - `hivemind rollback` wall time: median %d ms, max %d ms. The previous release was stopped once the
                  last deploy drained it (no request in flight here), so the rollback starts it again and waits for its
                  health gate (3 passing probes 1 s apart); the rest is the CLI's JVM and the agent's answers on a
                  loaded machine. A previous release that still runs (still draining) is switched to at once instead
                - failed requests: %d of %d

                The last rollback's output, with the time each line was read since the command was spawned:

                ```
                %s```

                | CLI total (ms) | CLI start → previous release healthy (ms) | switch (ms) | both answering (ms) | proxy swap (µs) | requests | failed |
                |---|---|---|---|---|---|---|
                %s
                """, rounds.size(), Bench.percentile(switches, 50), switches.getLast(),
                switches.getLast() < 200 ? "met" : "NOT met",
                rounds.stream().map(r -> String.valueOf(r.proxyMicros())).collect(Collectors.joining(", ")),
                Bench.percentile(totals, 50), totals.getLast(), rounds.stream().mapToLong(Round::failed).sum(),
                rounds.stream().mapToLong(Round::requests).sum(), lastOutput, rows);
    }
}
