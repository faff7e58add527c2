import dev.hivemind.analyzer.RepositoryAnalyzer;
import dev.hivemind.api.TechStack;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * A small main that analyzes one directory and prints {@code <JVM uptime in ms> <ms of analysis> <language>}:
 * the cold-JVM half of bench/analyze.
 */
public final class AnalyzeOnce {
    public static void main(String[] args) {
        long start = System.nanoTime();
        TechStack stack = new RepositoryAnalyzer().analyze(Path.of(args[0]));
        double analysis = (System.nanoTime() - start) / 1e6;
        System.out.printf("%d %.1f %s%n", ManagementFactory.getRuntimeMXBean().getUptime(), analysis,
                stack.language());
    }
}
