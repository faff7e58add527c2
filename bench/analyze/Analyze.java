import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.analyzer.corpus.CorpusScore;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Analysis and cache benchmark. (a) A generated repository of FILES files, nearly all under node_modules and .git,
 * with a package.json app at its root: RepositoryAnalyzer.analyze timed in this JVM (first call and the median of
 * 20 more), and a cold JVM running AnalyzeOnce on it (wall time from process start to exit). (b) Each example under
 * examples/, analyzed in this JVM. (c) The analyzer's accuracy per field over the corpus of
 * analyzer/src/test/resources/corpus (CorpusScore, the table CorpusAccuracyTest checks) and the time one pass over it
 * takes. (d) The first and the second deploy of examples/node-express and examples/python-stdlib through the real
 * CLI with a private HIVEMIND_HOME: the build stage's duration and the whole command's wall time, and their ratios
 * (the second build comes from the build cache).
 * Run with bench/analyze/run; arguments: FILES RESULTS_DIR JAVA CLASSPATH.
 */
public final class Analyze {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int files = Integer.parseInt(args[0]);
        Path results = Path.of(args[1]);
        String java = args[2];
        String classpath = args[3];
        Path root = Path.of("").toAbsolutePath();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "HiveMind analysis and cache benchmark, %s%nmachine: %d cores, %s %s%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch")));

        Path large = Files.createTempDirectory("hivemind-bench-large-");
        try {
            int written = generate(large, files);
            report.append(largeRepository(large, written, java, classpath));
        } finally {
            delete(large);
        }
        report.append(examples(root.resolve("examples")));
        report.append(corpus(root.resolve("analyzer/src/test/resources/corpus")));
        for (String example : List.of("node-express", "python-stdlib")) {
            report.append(redeploy(root, example));
        }

        System.out.print(report);
        Files.createDirectories(results);
        Path file = results.resolve("analyze-" + Instant.now().toString().replace(':', '-') + ".txt");
        Files.writeString(file, report);
        System.out.println("written to " + file);
    }

    /** A package.json app at the root, a little source, and the rest under node_modules (70 %) and .git (30 %). */
    private static int generate(Path root, int total) throws IOException {
        write(root.resolve("package.json"), """
                {"name": "large", "version": "1.0.0", "scripts": {"start": "node server.js"},
                 "engines": {"node": ">=20"}, "dependencies": {"express": "^4.19.2", "pg": "^8.11.0"}}
                """);
        write(root.resolve("package-lock.json"), "{\"lockfileVersion\": 3}\n");
        write(root.resolve("server.js"), "const app = require('express')();\napp.get('/health', (q, s) => "
                + "s.send('ok'));\napp.listen(process.env.PORT || 3000);\n");
        int written = 3;
        for (int i = 0; i < 200; i++, written++) {
            write(root.resolve("src/module" + (i % 20) + "/file" + i + ".js"), "module.exports = " + i + ";\n");
        }
        int dependencies = (total - written) * 7 / 10;
        for (int i = 0; i < dependencies; i++, written++) {
            write(root.resolve("node_modules/pkg" + (i / 100) + "/lib/file" + i + ".js"), "exports.x = 1;\n");
        }
        for (int i = 0; written < total; i++, written++) {
            write(root.resolve(".git/objects/" + String.format("%02x", i % 256) + "/" + Integer.toHexString(i)
                    + "0000000000000000000000000000000000"), "x");
        }
        return written;
    }

    private static String largeRepository(Path large, int files, String java, String classpath) throws Exception {
        RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
        long start = System.nanoTime();
        TechStack stack = analyzer.analyze(large);
        double first = millis(start);
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long again = System.nanoTime();
            analyzer.analyze(large);
            warm.add(millis(again));
        }
        long spawned = System.nanoTime();
        Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", classpath, "AnalyzeOnce", large.toString())
                .redirectErrorStream(true).start();
        String[] cold = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        int exit = process.waitFor();
        double wall = millis(spawned);
        if (exit != 0 || cold.length != 3) {
            throw new IllegalStateException("AnalyzeOnce failed (exit " + exit + "): " + String.join(" ", cold));
        }
        return String.format(Locale.ROOT, """
                (a) generated repository: %,d files (node_modules and .git hold all but 203), detected %s %s
                    in this JVM: first analysis %.1f ms, then median %.1f ms (max %.1f ms) over 20 runs
                    cold JVM (AnalyzeOnce, the CLI's JVM flags): %.0f ms from spawning it to its exit; JVM uptime
                      at the result %s ms, of which the analysis (classes loaded on first use) took %s ms (%s)

                """, files, stack.language(), stack.framework(), first, median(warm), max(warm), wall, cold[0],
                cold[1], cold[2]);
    }

    private static String examples(Path examples) throws IOException {
        StringBuilder lines = new StringBuilder("(b) examples, analyzed in this JVM (first call, then median of 20):\n");
        RepositoryAnalyzer analyzer = new RepositoryAnalyzer();
        try (Stream<Path> list = Files.list(examples)) {
            for (Path example : list.filter(Files::isDirectory).sorted().toList()) {
                long start = System.nanoTime();
                TechStack stack = analyzer.analyze(example);
                double first = millis(start);
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long again = System.nanoTime();
                    analyzer.analyze(example);
                    warm.add(millis(again));
                }
                lines.append(String.format(Locale.ROOT, "    %-16s %-7s %-8s %-4s %6.1f ms, then %5.2f ms%n",
                        example.getFileName(), stack.language(), stack.framework(), stack.buildTool(), first,
                        median(warm)));
            }
        }
        return lines.append('\n').toString();
    }

    /** The corpus scored twice (the first pass loads the classes), with the time of each pass. */
    private static String corpus(Path corpus) {
        long start = System.nanoTime();
        CorpusScore.measure(corpus);
        double first = millis(start);
        long again = System.nanoTime();
        CorpusScore score = CorpusScore.measure(corpus);
        double second = millis(again);
        return String.format(Locale.ROOT, "(c) corpus: one pass over it takes %.0f ms (first) and %.0f ms (again)%n",
                first, second) + score.table().indent(4) + "\n";
    }

    private static String redeploy(Path root, String example) throws Exception {
        Path home = Files.createTempDirectory("hivemind-bench-cache-");
        int port = freePort();
        try {
            Deploy first = deploy(root, home, example, port);
            Deploy second = deploy(root, home, example, port);
            return String.format(Locale.ROOT, """
                    (d) %s deployed twice from its directory (same files), port %d:
                        first deploy:  build stage %6.2f s, whole command %6.2f s  (%s)
                        second deploy: build stage %6.2f s, whole command %6.2f s  (%s)
                        build %.1fx faster, whole deploy %.1fx faster

                    """, example, port, first.build(), first.wall(), first.command(), second.build(), second.wall(),
                    second.command(), first.build() / second.build(), first.wall() / second.wall());
        } finally {
            run(root, home, "destroy", example, "--auto-approve");
            run(root, home, "agent", "stop");
            delete(home);
        }
    }

    private record Deploy(double build, double wall, String command) {
    }

    private static Deploy deploy(Path root, Path home, String example, int port) throws Exception {
        long start = System.nanoTime();
        String output = run(root, home, "deploy", "examples/" + example, "--port", String.valueOf(port), "--output",
                "json");
        double wall = millis(start) / 1000;
        JsonNode state = JSON.readTree(output.substring(output.indexOf('{')));
        for (JsonNode stage : state.get("stages")) {
            if (stage.get("name").asText().equals("build")) {
                double build = Duration.between(Instant.parse(stage.get("started_at").asText()),
                        Instant.parse(stage.get("finished_at").asText())).toNanos() / 1e9;
                return new Deploy(build, wall, state.get("build_artifact").get("build_command").asText());
            }
        }
        throw new IllegalStateException("no build stage in " + output);
    }

    private static String run(Path root, Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("hivemind").toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HIVEMIND_HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0 && args[0].equals("deploy")) {
            throw new IllegalStateException("hivemind " + String.join(" ", args) + " exited " + exit + ": " + output);
        }
        return output;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().max(Double::compare).orElseThrow();
    }
}
