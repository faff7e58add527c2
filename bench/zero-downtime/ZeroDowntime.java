import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zero-downtime benchmark: deploys examples/node-plain, then redeploys it REDEPLOYS times blue-green and CANARIES
 * times as a canary (steps of 10 and 50 % held 2 s each, then 100 %) while a steady load of RATE requests/s runs
 * through the proxy, and prints requests sent, failures (target 0), p50/p99 latency, the time each traffic switch
 * took, and the deploy times. Run with bench/zero-downtime/run; arguments: REDEPLOYS RATE CANARIES.
 */
public final class ZeroDowntime {
    private static final Pattern SWITCH = Pattern.compile("traffic switched to \\S+ in (\\d+) µs");
    private static final String CANARY_CONFIG = """
            strategy: canary
            canary:
              steps:
                - {weight: 10, pause: 2s}
                - {weight: 50, pause: 2s}
                - {weight: 100}
              analysis:
                min-requests: 10
            """;

    public static void main(String[] args) throws Exception {
        int redeploys = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        int canaries = Integer.parseInt(args[2]);
        Bench bench = new Bench();
        int port = 18080;
        String url = "http://127.0.0.1:" + port + "/";
        Path canarySource = canarySource(bench);

        List<String> switches = new ArrayList<>();
        double cold = deploy(bench, port, "v0", switches);
        List<Double> warm = new ArrayList<>();
        List<Double> canaryTimes = new ArrayList<>();
        Load load = new Load(url, rate);
        try {
            for (int i = 1; i <= redeploys; i++) {
                warm.add(deploy(bench, port, "v" + i, switches));
            }
            for (int i = 1; i <= canaries; i++) {
                long start = System.nanoTime();
                bench.hivemind("deploy", canarySource.toString(), "--app", "node-plain", "--port", String.valueOf(port),
                        "--strategy", "canary", "--env", "APP_VERSION=c" + i);
                canaryTimes.add((System.nanoTime() - start) / 1e9);
            }
            Thread.sleep(1000);
        } finally {
            load.stop();
            bench.cleanUp("node-plain");
        }
        bench.write("zero-downtime", report(redeploys, canaries, rate, load, switches, cold, warm, canaryTimes));
        if (load.failures.get() > 0) {
            System.exit(1);
        }
    }

    /** examples/node-plain with a hivemind.yaml of short canary steps, in a directory named like the app. */
    private static Path canarySource(Bench bench) throws IOException {
        Path source = Files.createDirectories(bench.home.resolveSibling(bench.home.getFileName() + "-src/node-plain"));
        for (String file : List.of("package.json", "server.js")) {
            Files.copy(bench.root.resolve("examples/node-plain").resolve(file), source.resolve(file));
        }
        Files.writeString(source.resolve("hivemind.yaml"), CANARY_CONFIG);
        return source;
    }

    private static double deploy(Bench bench, int port, String version, List<String> switches)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String output = bench.hivemind("deploy", "examples/node-plain", "--port", String.valueOf(port),
                "--env", "APP_VERSION=" + version);
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher matcher = SWITCH.matcher(output);
        if (matcher.find()) {
            switches.add(matcher.group(1));
        }
        return seconds;
    }

    private static String report(int redeploys, int canaries, int rate, Load load, List<String> switches, double cold,
                                 List<Double> warm, List<Double> canaryTimes) {
        List<Long> latencies = new ArrayList<>(load.latenciesMicros);
        Collections.sort(latencies);
        double warmMean = warm.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format(Locale.ROOT, """
                # Zero downtime

                `bench/zero-downtime/run %d %d %d`: examples/node-plain redeployed %d times blue-green and %d times as a
                canary (10 %% for 2 s, 50 %% for 2 s, then 100 %%, each step analysed) under an open-loop load of %d
                requests/s through the edge proxy (each request on its own virtual thread, a 10 s timeout).

                - requests sent: **%d**, failed: **%d**%s (target 0)
                - latency p50 %.2f ms, p99 %.2f ms, max %.2f ms
                - traffic switch times inside the proxy (µs): %s
                - deploy time cold %.2f s; blue-green redeploy mean %.2f s, each: %s
                - canary deploy each (s): %s
                """, redeploys, rate, canaries, redeploys, canaries, rate, load.sent.get(), load.failures.get(),
                load.failureSamples.isEmpty() ? "" : " e.g. " + load.failureSamples.peek(),
                Bench.percentile(latencies, 50) / 1000.0, Bench.percentile(latencies, 99) / 1000.0,
                latencies.isEmpty() ? 0 : latencies.getLast() / 1000.0, String.join(", ", switches),
                cold, warmMean, seconds(warm), canaries == 0 ? "none run" : seconds(canaryTimes));
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList().toString();
    }

    /** A steady open-loop load: one request every 1/RATE seconds, each on its own virtual thread. */
    private static final class Load {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        Load(String url, int rate) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
            ticker.scheduleAtFixedRate(() -> send(request), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        }

        private void send(HttpRequest request) {
            sent.incrementAndGet();
            long start = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                    failureSamples.add(error != null ? error.toString() : "HTTP " + response.statusCode());
                } else {
                    latenciesMicros.add((System.nanoTime() - start) / 1000);
                }
            });
        }

        void stop() throws InterruptedException {
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            Thread.sleep(2000);
        }
    }
}
