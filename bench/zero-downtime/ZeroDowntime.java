import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Zero-downtime benchmark: deploys examples/node-plain, then redeploys it REDEPLOYS times while a steady load
 * of RATE requests/s runs through the proxy, and prints requests sent, failures, p50/p99 latency, the time each
 * traffic switch took, and the deploy time cold (first deploy) and warm (redeploys).
 * Run with bench/zero-downtime/run; arguments: REDEPLOYS RATE RESULTS_DIR.
 */
public final class ZeroDowntime {
    private static final Pattern SWITCH = Pattern.compile("traffic switched to \\S+ in (\\d+) µs");

    public static void main(String[] args) throws Exception {
        int redeploys = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        Path results = Path.of(args[2]);
        Path root = Path.of("").toAbsolutePath();
        Path home = Files.createTempDirectory("hivemind-bench-");
        int port = 18080;
        String url = "http://127.0.0.1:" + port + "/";

        List<String> switches = new ArrayList<>();
        double cold = deploy(root, home, port, "v0", switches);
        List<Double> warm = new ArrayList<>();
        Load load = new Load(url, rate);
        for (int i = 1; i <= redeploys; i++) {
            warm.add(deploy(root, home, port, "v" + i, switches));
        }
        Thread.sleep(1000);
        load.stop();
        run(root, home, "destroy", "node-plain", "--auto-approve");
        run(root, home, "agent", "stop");

        String report = report(redeploys, rate, load, switches, cold, warm);
        System.out.print(report);
        Files.createDirectories(results);
        Path file = results.resolve("zero-downtime-" + Instant.now().toString().replace(':', '-') + ".txt");
        Files.writeString(file, report);
        System.out.println("written to " + file);
        if (load.failures.get() > 0) {
            System.exit(1);
        }
    }

    private static double deploy(Path root, Path home, int port, String version, List<String> switches)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String output = run(root, home, "deploy", "examples/node-plain", "--port", String.valueOf(port),
                "--env", "APP_VERSION=" + version);
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher matcher = SWITCH.matcher(output);
        if (matcher.find()) {
            switches.add(matcher.group(1));
        }
        return seconds;
    }

    private static String run(Path root, Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("hivemind").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("HIVEMIND_HOME", home.toString());
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("hivemind " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    private static String report(int redeploys, int rate, Load load, List<String> switches, double cold,
                                 List<Double> warm) {
        List<Long> latencies = new ArrayList<>(load.latenciesMicros);
        Collections.sort(latencies);
        double warmMean = warm.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format(Locale.ROOT, """
                zero-downtime benchmark  %s
                machine: %d cores, %s
                redeploys of node-plain under load: %d at %d requests/s
                requests sent: %d
                failed requests: %d%s
                latency p50: %.2f ms, p99: %.2f ms, max: %.2f ms
                traffic switch times (µs): %s
                deploy time cold: %.2f s; warm (mean of %d): %.2f s; warm each: %s
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                redeploys, rate, load.sent.get(), load.failures.get(),
                load.failureSamples.isEmpty() ? "" : " e.g. " + load.failureSamples.peek(),
                percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1000.0, String.join(", ", switches),
                cold, warm.size(), warmMean, warm.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
    }

    private static double percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
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
