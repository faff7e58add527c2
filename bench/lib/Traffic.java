import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tight closed loop of requests from a few threads (each sends its next request as soon as the last one ended), each
 * result recorded with its times, so a benchmark can tell when a release or a proxy started or stopped answering.
 * Plain {@code HttpURLConnection} on a new connection each time: a proxy that restarts is seen at once.
 */
public final class Traffic implements AutoCloseable {
    /** One request: sent and ended on the {@code System.nanoTime()} clock, its status (0 when none) and body. */
    public record Sample(long sent, long ended, int status, String body) {
        public boolean ok() {
            return status == 200;
        }
    }

    public final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private final long pauseMillis;

    /** {@code threadCount} threads, each pausing {@code pauseMillis} between requests (0: none). */
    public Traffic(String url, int threadCount, long pauseMillis) {
        this.pauseMillis = pauseMillis;
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().daemon().name("traffic-" + i).start(() -> loop(url)));
        }
    }

    private void loop(String url) {
        while (running.get()) {
            Sample sample = send(url);
            samples.add(sample);
            // a closed port refuses at once: do not spin the CPU the agent needs
            sleepMillis(sample.ok() ? pauseMillis : Math.max(1, pauseMillis));
        }
    }

    private static Sample send(String url) {
        long sent = System.nanoTime();
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(5000);
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Sample(sent, System.nanoTime(), status, text.strip());
            }
        } catch (IOException e) {
            return new Sample(sent, System.nanoTime(), 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The samples so far, in the order they were sent. */
    public List<Sample> sorted() {
        List<Sample> list = new ArrayList<>(samples);
        list.sort((a, b) -> Long.compare(a.sent(), b.sent()));
        return list;
    }

    public static void sleepMillis(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
