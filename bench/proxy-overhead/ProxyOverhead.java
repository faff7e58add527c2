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
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final int LIGHT_CONNECTIONS = 4;
    /**
     * A long-lived proxy runs JIT-compiled code. Under this saturating load, with wrk and the app on the same two
     * cores, HiveMind's agent needs about a minute to reach its steady throughput (measured in 10 s steps: 4.0k, 5.8k,
     * 6.5k, 8.1k, 9.6k, then 13–15k req/s from 60 s on); nginx and HAProxy are warm from the start.
     */
    private static final int WARM_UP_SECONDS = 60;

    /** One wrk run: requests per second, p99 in microseconds, requests, and errors wrk reported. */
    record Run(double rate, double p99Micros, long requests, String errors) { }

    /**
     * The medians over the rounds for one path; {@code cpuMicrosPerRequest} is the proxy's own CPU (all its
     * processes and threads) per request under the saturating load, or -1 for the direct path.
     */
    record Figures(double rate, double p99SaturatedMicros, double p99LightMicros, double cpuMicrosPerRequest,
                   String errors) { }

    /** A path to the app: its URL and the processes that proxy it (none for the direct path). */
    record Route(String url, List<ProcessHandle> proxies) {
        /** The CPU the proxies used so far, in ms (nginx's workers are its children, so they are counted too). */
        long cpuMillis() throws IOException {
            long total = 0;
            for (ProcessHandle proxy : proxies) {
                total += Bench.cpuMillis(proxy.pid());
                for (ProcessHandle child : proxy.children().toList()) {
                    total += Bench.cpuMillis(child.pid());
                }
            }
            return total;
        }
    }

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
            long agent = Long.parseLong(Files.readString(bench.home.resolve("agent/agent.pid")).strip());
            Map<String, Route> routes = new LinkedHashMap<>();
            routes.put("direct", new Route("http://127.0.0.1:" + app + "/", List.of()));
            routes.put("HiveMind", new Route("http://127.0.0.1:" + port + "/", List.of(ProcessHandle.of(agent).orElseThrow())));
            routes.put("nginx", new Route("http://127.0.0.1:" + (port + 1) + "/", List.of(servers.get(0).toHandle())));
            routes.put("HAProxy", new Route("http://127.0.0.1:" + (port + 2) + "/", List.of(servers.get(1).toHandle())));
            Map<String, Figures> figures = measure(routes, seconds, connections, rounds);
            bench.write("proxy-overhead", report(figures, seconds, connections, rounds));
        } finally {
            servers.forEach(Process::destroy);
            bench.cleanUp("go-nethttp");
        }
    }

    private static Map<String, Figures> measure(Map<String, Route> routes, int seconds, int connections, int rounds)
            throws IOException, InterruptedException {
        Map<String, List<Run>> saturated = new LinkedHashMap<>();
        Map<String, List<Run>> light = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, Route> route : routes.entrySet()) {
            wrk(route.getValue().url(), 2, connections, WARM_UP_SECONDS); // JIT, connection pools
            saturated.put(route.getKey(), new ArrayList<>());
            light.put(route.getKey(), new ArrayList<>());
            cpu.put(route.getKey(), new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) { // interleaved, so a burst of load elsewhere hits every path
            for (Map.Entry<String, Route> route : routes.entrySet()) {
                long before = route.getValue().cpuMillis();
                Run run = wrk(route.getValue().url(), 2, connections, seconds);
                cpu.get(route.getKey()).add((route.getValue().cpuMillis() - before) * 1000.0 / run.requests());
                saturated.get(route.getKey()).add(run);
                light.get(route.getKey()).add(wrk(route.getValue().url(), 1, LIGHT_CONNECTIONS, seconds));
            }
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String name : routes.keySet()) {
            List<Run> full = saturated.get(name);
            List<Run> low = light.get(name);
            String errors = String.join("; ", full.stream().map(Run::errors).filter(e -> !e.isEmpty()).toList());
            figures.put(name, new Figures(median(full.stream().map(Run::rate).toList()),
                    median(full.stream().map(Run::p99Micros).toList()), median(low.stream().map(Run::p99Micros).toList()),
                    routes.get(name).proxies().isEmpty() ? -1 : median(cpu.get(name)), errors));
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
        Matcher requests = REQUESTS.matcher(output);
        if (!rate.find() || !p99.find() || !requests.find()) {
            throw new IllegalStateException("cannot read wrk's output for " + url + ":\n" + output);
        }
        double micros = Double.parseDouble(p99.group(1)) * switch (p99.group(2)) {
            case "us" -> 1;
            case "ms" -> 1_000;
            default -> 1_000_000;
        };
        List<String> errors = new ArrayList<>();
        ERRORS.matcher(output).results().forEach(match -> errors.add(match.group(1).strip()));
        return new Run(Double.parseDouble(rate.group(1)), micros, Long.parseLong(requests.group(1)),
                String.join(", ", errors));
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
        figures.forEach((name, f) -> rows.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.0f %% | %s | %s |%n",
                name, f.rate(), f.p99SaturatedMicros() / 1000, f.p99LightMicros() / 1000, 100 * f.rate() / nginx.rate(),
                f.cpuMicrosPerRequest() < 0 ? "—" : String.format(Locale.ROOT, "%.0f", f.cpuMicrosPerRequest()),
                f.errors().isEmpty() ? "none" : f.errors())));
        return String.format(Locale.ROOT, """
                # Proxy overhead

                `bench/proxy-overhead/run %d %d %d`: examples/go-nethttp deployed by HiveMind (local target), with nginx
                and HAProxy from Debian configured on loopback in front of the same instance (keep-alive to the app,
                no access log). wrk from Debian; per path a %d s warm-up, then %d interleaved rounds of a saturating
                load (`-t2 -c%d`, %d s) and a light one (`-t1 -c%d`, %d s); medians. wrk, the proxy and the app
                share the machine's cores, as the other jobs on it do. "CPU µs/request" is the proxy's own CPU
                (user + system, all its processes and threads, from /proc) per request under the saturating load: it
                says what a request costs the proxy whatever else runs on the machine.

                - HiveMind / nginx throughput: **%.0f %%** (target ≥ 70 %%: %s)
                - HiveMind p99 overhead vs direct, light load: **%.2f ms** (target < 1 ms: %s)

                | path | requests/s (saturated) | p99 ms (saturated) | p99 ms (light, %d connections) | vs nginx | CPU µs/request | errors |
                |---|---|---|---|---|---|---|
                %s""", seconds, connections, rounds, WARM_UP_SECONDS, rounds, connections, seconds, LIGHT_CONNECTIONS, seconds,
                100 * ratio, ratio >= 0.7 ? "met" : "NOT met", overheadMillis, overheadMillis < 1 ? "met" : "NOT met",
                LIGHT_CONNECTIONS, rows);
    }
}
