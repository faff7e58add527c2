import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmarks share: running the real {@code ./hivemind} on a private HIVEMIND_HOME, the machine's conditions,
 * percentiles, and writing {@code bench/results/NAME.md}. Compiled by each benchmark's {@code run} script.
 */
public final class Bench {
    public final Path root = Path.of("").toAbsolutePath();
    public final Path home;

    public Bench() throws IOException {
        home = Files.createTempDirectory("hivemind-bench-");
    }

    /** Runs {@code ./hivemind ARGS} and returns its output (stdout and stderr); fails when it exits non-zero. */
    public String hivemind(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("hivemind " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    /** Starts {@code ./hivemind ARGS} with stderr merged into stdout, for a caller that reads it as it comes. */
    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("hivemind").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("HIVEMIND_HOME", home.toString());
        builder.environment().put("NO_COLOR", "1");
        return builder.start();
    }

    /** Destroys the app and stops the agent, so the benchmark leaves nothing running. */
    public void cleanUp(String app) {
        try {
            hivemind("destroy", app, "--auto-approve");
            hivemind("agent", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("cleaning up failed: " + e.getMessage());
        }
    }

    /** The machine's conditions, for the results: cores, load average, OS and JDK. */
    public static String machine() {
        String load = "?";
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            load = fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        return String.format(Locale.ROOT, "%d cores, load average %s (1, 5, 15 min), %s %s, JDK %s",
                Runtime.getRuntime().availableProcessors(), load, System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version());
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 when there are none. */
    public static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Seconds since boot on the clock that {@code System.nanoTime()} and /proc's start ticks both count. */
    public static double secondsSinceBoot(long nanoTime) {
        return nanoTime / 1e9;
    }

    /** When a process started, in seconds since boot (from /proc/PID/stat field 22, in ticks of 10 ms). */
    public static double processStart(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[19]) / 100.0;
    }

    /** The CPU time a process has used so far (user + system, all threads), from /proc/PID/stat fields 14-15. */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** Prints the report and writes it to {@code bench/results/NAME.md}. */
    public void write(String name, String markdown) throws IOException {
        String text = markdown + "\nMeasured " + Instant.now() + " on " + machine() + ".\n";
        System.out.print(text);
        Path file = root.resolve("bench/results").resolve(name + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        System.out.println("written to " + root.relativize(file));
    }
}
