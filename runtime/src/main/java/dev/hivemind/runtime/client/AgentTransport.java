package dev.hivemind.runtime.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * HTTP/JSON over the agent's Unix socket with Jetty's client. Its threads are daemons and it starts on first use,
 * so a client that is never closed does not keep a program alive.
 */
final class AgentTransport implements AutoCloseable {

    /** The agent's answer. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Nothing answered on the socket (not running, refused, timed out). */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path socket;
    private HttpClient http;

    AgentTransport(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    Answer call(String method, String path, Optional<Object> body, Duration timeout) throws Unreachable {
        if (!Files.exists(socket)) {
            throw new Unreachable("there is no socket " + socket + " (it is not running)", null);
        }
        Request request = client().newRequest("http://localhost" + path)
                .method(method)
                .transport(new Transport.TCPUnix(socket))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                // a slow answer (a first TLS certificate, a graceful stop) is not an idle pooled connection
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        body.ifPresent(value -> request.body(new StringRequestContent("application/json", Json.text(value))));
        try {
            ContentResponse response = request.send();
            return new Answer(response.getStatus(), response.getContentAsString());
        } catch (TimeoutException e) {
            throw new Unreachable("no answer within " + timeout.toMillis() + " ms on " + socket, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Unreachable(reason(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for the agent on " + socket, e);
        }
    }

    /** Why the call failed, in words: the first cause the JDK names, never a library's object. */
    private String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "nothing listens on " + socket + " (connection refused)";
            }
            if (cause instanceof java.nio.file.AccessDeniedException || String.valueOf(cause.getMessage())
                    .contains("Permission denied")) {
                return "permission denied on " + socket + " (it belongs to another user)";
            }
            if (cause instanceof java.io.EOFException || cause instanceof java.nio.channels.ClosedChannelException) {
                return "the agent on " + socket + " closed the connection before it answered (it stopped or died)";
            }
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage().lines().findFirst().orElse("").replaceAll("\\S+@[0-9a-f]{4,}", "").strip();
        return message + " on " + socket;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            try {
                http.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the agent client: " + e.getMessage(), e);
            }
            http = null;
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            QueuedThreadPool threads = new QueuedThreadPool(8, 1);
            threads.setName("hivemind-agent-client");
            threads.setDaemon(true);
            HttpClient client = new HttpClient();
            client.setExecutor(threads);
            client.setScheduler(new ScheduledExecutorScheduler("hivemind-agent-client-scheduler", true));
            client.setIdleTimeout(10_000); // below the agent server's 30 s, so a pooled connection is never stale
            client.setConnectTimeout(5_000);
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the agent client: " + e.getMessage(), e);
            }
            http = client;
        }
        return http;
    }
}
