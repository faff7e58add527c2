package dev.hivemind.runtime.proxy;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An answer the edge proxy gives in the app's place, in plain text that says what happened, with the real values, and
 * what to do; and how it is counted in the app's {@link ProxyMetrics}.
 *
 * @param status  the HTTP status
 * @param outcome how the request is counted
 * @param body    one line of text
 */
record OwnAnswer(int status, TrafficCounts.Outcome outcome, String body) {
    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    /** 503 (with {@code Retry-After}): no release of the app has an instance ready. */
    static OwnAnswer noInstanceReady(String app) {
        return new OwnAnswer(HttpStatus.SERVICE_UNAVAILABLE_503, TrafficCounts.Outcome.CONNECTION_ERROR,
                "503 Service Unavailable: no release of app " + app + " has an instance ready (not deployed yet,"
                        + " starting, restarting or crash-looping); see hivemind status " + app);
    }

    /** 405: the proxy is a reverse proxy; it opens no tunnels. */
    static OwnAnswer connectRefused(String app) {
        return new OwnAnswer(HttpStatus.METHOD_NOT_ALLOWED_405, TrafficCounts.Outcome.ANSWERED,
                "405 Method Not Allowed: CONNECT opens a tunnel, and the edge proxy of app " + app
                        + " is a reverse proxy that opens none; send the request itself (" + METHODS + ")");
    }

    /** The answer to a request whose exchange with {@code backend} failed with {@code failure}. */
    static OwnAnswer failed(String app, Backend backend, Throwable failure, Optional<Throwable> clientFailure,
                            ProxyLimits limits) {
        Optional<HttpException> malformed = clientFailure.flatMap(OwnAnswer::httpException);
        if (malformed.isPresent()) {
            int status = malformed.get().getCode();
            return new OwnAnswer(status, TrafficCounts.Outcome.of(status), status + " "
                    + HttpStatus.getMessage(status) + ": the request's body is malformed or incomplete ("
                    + clientFailure.get().getMessage() + "); its request to app " + app + " was abandoned");
        }
        String release = "release " + backend.releaseId() + " of app " + app;
        if (failure instanceof RejectedExecutionException) {
            return new OwnAnswer(HttpStatus.SERVICE_UNAVAILABLE_503, TrafficCounts.Outcome.CONNECTION_ERROR,
                    "503 Service Unavailable: the instance of " + release + " on port " + backend.port() + " holds "
                            + limits.connectionsPerBackend() + " requests and " + limits.queuedPerBackend()
                            + " more wait for it, the most the edge proxy lets one instance hold; retry later, and see"
                            + " what holds its requests up: hivemind logs " + app);
        }
        if (failure instanceof TimeoutException) {
            return new OwnAnswer(HttpStatus.GATEWAY_TIMEOUT_504, TrafficCounts.Outcome.CONNECTION_ERROR,
                    "504 Gateway Timeout: " + release + " did not answer within " + seconds(limits)
                            + ", the edge proxy's request timeout; the request was abandoned; see hivemind logs "
                            + app);
        }
        return new OwnAnswer(HttpStatus.BAD_GATEWAY_502, TrafficCounts.Outcome.CONNECTION_ERROR,
                "502 Bad Gateway: " + release + " did not answer: " + reason(failure) + "; see hivemind logs "
                        + app);
    }

    /** Whether a failure of the client's request body means the client went away (it is not a malformed body). */
    static boolean departure(Throwable clientFailure) {
        return httpException(clientFailure).isEmpty();
    }

    /** Writes the answer, completing {@code callback}. */
    void write(Response response, Callback callback) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
            headers.put(HttpHeader.RETRY_AFTER, "1");
        }
        if (status == HttpStatus.METHOD_NOT_ALLOWED_405) {
            headers.put(HttpHeader.ALLOW, METHODS);
        }
        if (HttpStatus.isClientError(status)) {
            headers.put(HttpHeader.CONNECTION, "close"); // what follows on the connection cannot be trusted
        }
        Content.Sink.write(response, true, body + "\n", callback);
    }

    private static String reason(Throwable failure) {
        return switch (failure) {
            case ConnectException refused -> "the connection was refused (nothing listens on its port)";
            case SocketTimeoutException slow -> "it did not accept the connection in time";
            case EOFException closed -> "it closed the connection before answering";
            case ClosedChannelException closed -> "it closed the connection before answering";
            case HttpResponseException invalid -> "its answer was not valid HTTP";
            default -> failure.getClass().getSimpleName();
        };
    }

    private static Optional<HttpException> httpException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return Optional.of(http);
            }
        }
        return Optional.empty();
    }

    private static String seconds(ProxyLimits limits) {
        long millis = limits.requestTimeout().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
