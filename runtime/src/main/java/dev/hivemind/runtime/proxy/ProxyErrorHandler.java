package dev.hivemind.runtime.proxy;

import java.io.IOException;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers on an edge proxy's port, in plain text, and counted: a request Jetty refuses before the router
 * sees it (a request line or header it cannot parse, HTTP/1.1 without {@code Host}: 400; headers too large: 431) is
 * recorded under {@link ProxyMetrics#PROXY}. A routed request whose exchange failed is recorded by its
 * {@link ProxyExchange}, not again here.
 */
final class ProxyErrorHandler extends ErrorHandler {
    private final ProxyMetrics metrics;

    ProxyErrorHandler(ProxyMetrics metrics) {
        this.metrics = metrics;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!ProxyExchange.routed(request)) {
            metrics.record(ProxyMetrics.PROXY, TrafficCounts.Outcome.of(response.getStatus()), 0);
        }
        return super.handle(request, response, callback);
    }

    /** One line of text whatever the client accepts: the status and Jetty's reason, nothing of its internals. */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String status = code + " " + HttpStatus.getMessage(code);
        String text = message == null || Objects.equals(message, HttpStatus.getMessage(code)) ? status
                : status + ": " + message;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text + "\n", callback);
    }
}
