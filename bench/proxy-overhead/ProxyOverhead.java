import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxy-overhead benchmark: deploys examples/go-nethttp with HiveMind (local target), puts nginx and HAProxy (on
 * loopback ports, configured here) in front of the same app instance, and measures each path with wrk in one run:
 * directly, through HiveMind's edge proxy, through nginx, through HAProxy. Two loads: a saturating one (throughput,
 * and p99 under saturation) and a light one (p99 latency without queueing, where a proxy's own cost shows).
 * Run with bench/proxy-overhead/run; arguments: SECONDS CONNECTIONS ROUNDS PORT.
 */
public final class ProxyOverhead {
    private static final Pattern STARTED = Pattern.compile("started (?:\\d+ instance\\(s\\) of )?release \\S+ on \\[?127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern ERRORS = Pattern.compile("(Non-2xx or 3xx responses: \\d+|Socket errors: [^\\n]+)");
    private static final int LIGHT_CONNECTIONS = 4;

    /** One wrk run: requests per second, p99 in microseconds, and errors wrk reported. */
    record Run(double rate, double p99Micros, String errors) { }

    /** The medians over the rounds for one path. */
    record Figures(double rate, double p99SaturatedMicros, double p99LightMicros, String errors) { }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        Bench bench = new Bench();
        List<Process> servers = new ArrayList<>();
        try {
            String deploy = bench.hivemind("deploy", "examples/go-nethttp", "--port", String.valueOf(port));
            Matcher started = STARTED.matcher(deploy);
            if (!started.find()) {
                throw new IllegalStateException("no instance port in the deploy's output:\n" + deploy);
            }
            int app = Integer.parseInt(started.group(1));
            Path dir = Files.createTempDirectory("proxy-overhead-");
            servers.add(nginx(dir, app, port + 1));
            servers.add(haproxy(dir, app, port + 2));
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("direct", "http://127.0.0.1:" + app + "/");
            urls.put("HiveMind", "http://127.0.0.1:" + port + "/");
            urls.put("nginx", "http://127.0.0.1:" + (port + 1) + "/");
            urls.put("HAProxy", "http://127.0.0.1:" + (port + 2) + "/");
            Map<String, Figures> figures = measure(urls, seconds, connections, rounds);
            bench.write("proxy-overhead", report(figures, seconds, connections, rounds));
        } finally {
            servers.forEach(Process::destroy);
            bench.cleanUp("go-nethttp");
        }
    }

    private static Map<String, Figures> measure(Map<String, String> urls, int seconds, int connections, int rounds)
            throws IOException, InterruptedException {
        Map<String, List<Run>> saturated = new LinkedHashMap<>();
        Map<String, List<Run>> light = new LinkedHashMap<>();
        for (Map.Entry<String, String> url : urls.entrySet()) {
            wrk(url.getValue(), 2, connections, 3); // warm-up: JIT, connection pools
            saturated.put(url.getKey(), new ArrayList<>());
            light.put(url.getKey(), new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) { // interleaved, so a burst of load elsewhere hits every path
            for (Map.Entry<String, String> url : urls.entrySet()) {
                saturated.get(url.getKey()).add(wrk(url.getValue(), 2, connections, seconds));
                light.get(url.getKey()).add(wrk(url.getValue(), 1, LIGHT_CONNECTIONS, seconds));
            }
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String name : urls.keySet()) {
            List<Run> full = saturated.get(name);
            List<Run> low = light.get(name);
            String errors = String.join("; ", full.stream().map(Run::errors).filter(e -> !e.isEmpty()).toList());
            figures.put(name, new Figures(median(full.stream().map(Run::rate).toList()),
                    median(full.stream().map(Run::p99Micros).toList()), median(low.stream().map(Run::p99Micros).toList()),
                    errors));
        }
        return figures;
    }

    private static Run wrk(String url, int threads, int connections, int seconds) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher rate = RATE.matcher(output);
        Matcher p99 = P99.matcher(output);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("cannot read wrk's output for " + url + ":\n" + output);
        }
        double micros = Double.parseDouble(p99.group(1)) * switch (p99.group(2)) {
            case "us" -> 1;
            case "ms" -> 1_000;
            default -> 1_000_000;
        };
        List<String> errors = new ArrayList<>();
        ERRORS.matcher(output).results().forEach(match -> errors.add(match.group(1).strip()));
        return new Run(Double.parseDouble(rate.group(1)), micros, String.join(", ", errors));
    }

    private static Process nginx(Path dir, int app, int port) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream app { server 127.0.0.1:%2$d; keepalive 128; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
                  }
                }
                """.formatted(dir, app, port));
        return server(List.of("nginx", "-c", conf.toString()), port, dir.resolve("nginx.log"));
    }

    private static Process haproxy(Path dir, int app, int port) throws IOException {
        Path conf = dir.resolve("haproxy.cfg");
        Files.writeString(conf, """
                global
                  maxconn 4096
                defaults
                  mode http
                  timeout connect 5s
                  timeout client 30s
                  timeout server 30s
                  http-reuse always
                frontend bench
                  bind 127.0.0.1:%2$d
                  default_backend app
                backend app
                  server app 127.0.0.1:%1$d
                """.formatted(app, port));
        return server(List.of("haproxy", "-db", "-f", conf.toString()), port, dir.resolve("haproxy.log"));
    }

    /** Starts a proxy in the foreground and waits until it accepts connections on {@code port}. */
    private static Process server(List<String> command, int port, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Traffic.sleepMillis(50);
            }
        }
        process.destroy();
        throw new IllegalStateException(command.getFirst() + " did not listen on " + port + ":\n" + Files.readString(log));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String report(Map<String, Figures> figures, int seconds, int connections, int rounds) {
        Figures direct = figures.get("direct");
        Figures hivemind = figures.get("HiveMind");
        Figures nginx = figures.get("nginx");
        double ratio = hivemind.rate() / nginx.rate();
        double overheadMillis = (hivemind.p99LightMicros() - direct.p99LightMicros()) / 1000;
        StringBuilder rows = new StringBuilder();
        figures.forEach((name, f) -> rows.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.0f %% | %s |%n",
                name, f.rate(), f.p99SaturatedMicros() / 1000, f.p99LightMicros() / 1000, 100 * f.rate() / nginx.rate(),
                f.errors().isEmpty() ? "none" : f.errors())));
        return String.format(Locale.ROOT, """
                # Proxy overhead

                `bench/proxy-overhead/run %d %d %d`: examples/go-nethttp deployed by HiveMind (local target), with nginx
                and HAProxy from Debian configured on loopback in front of the same instance (keep-alive to the app,
                no access log). wrk from Debian; per path a 3 s warm-up, then %d interleaved rounds of a saturating
                load (`-t2 -c%d`, %d s) and a light one (`-t1 -c%d`, %d s); medians. wrk, the proxy and the app
                share the machine's cores, as the other jobs on it do.

                - HiveMind / nginx throughput: **%.0f %%** (target ≥ 70 %%: %s)
                - HiveMind p99 overhead vs direct, light load: **%.2f ms** (target < 1 ms: %s)

                | path | requests/s (saturated) | p99 ms (saturated) | p99 ms (light, %d connections) | vs nginx | errors |
                |---|---|---|---|---|---|
                %s""", seconds, connections, rounds, rounds, connections, seconds, LIGHT_CONNECTIONS, seconds,
                100 * ratio, ratio >= 0.7 ? "met" : "NOT met", overheadMillis, overheadMillis < 1 ? "met" : "NOT met",
                LIGHT_CONNECTIONS, rows);
    }
}
