package dev.hivemind.runtime.proxy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's reverse proxy, sending each request to a backend the route table current when it arrived picks (the release
 * of the client's {@link StickyCookie} first, while it has weight). The backend is picked once per request and counted
 * in flight until the response to the client completes or fails; then the request is recorded in the app's
 * {@link ProxyMetrics}. Without a backend the answer is 503. With TLS, a plain-HTTP request is redirected (308) to
 * https; every answer gets the {@link SecurityHeaders} the app did not set.
 */
final class BackendRouter extends ProxyHandler.Reverse {
    private static final String BACKEND = BackendRouter.class.getName() + ".backend";
    private static final String UNANSWERED = BackendRouter.class.getName() + ".unanswered";
    // While a request is outstanding the backend may think for a long time; idle pooled connections still expire
    // after the client's (short) idle timeout.
    private static final long REQUEST_IDLE_TIMEOUT_SECONDS = 300;

    private final String app;
    private final AtomicReference<RouteTable> table;
    private final long idleTimeoutMillis;
    private final ProxyMetrics metrics;
    private final boolean tls;

    BackendRouter(String app, AtomicReference<RouteTable> table, long idleTimeoutMillis, ProxyMetrics metrics,
                  boolean tls) {
        super(BackendRouter::backendUri);
        this.app = app;
        this.table = table;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.metrics = metrics;
        this.tls = tls;
        setUseServerThreadPool(true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long began = System.nanoTime();
        SecurityHeaders.putDefaults(response.getHeaders(), request.isSecure());
        if (tls && !request.isSecure()) {
            redirectToHttps(request, response, callback);
            return true;
        }
        // the cookie only matters while traffic is split: parsing the cookies of every request cost ~3 % of the CPU
        Optional<String> sticky = table.get().split() ? StickyCookie.release(request) : Optional.empty();
        Optional<Backend> picked = enterCurrent(sticky);
        if (picked.isEmpty()) {
            unavailable(response, callback);
            return true;
        }
        Backend backend = picked.get();
        request.setAttribute(BACKEND, backend);
        Leaving leaving = new Leaving(callback, backend, () -> record(request, response, backend, began));
        try {
            return super.handle(request, response, leaving);
        } catch (RuntimeException | Error e) {
            leaving.leave(); // Jetty fails the original callback, never ours
            throw e;
        }
    }

    /**
     * HTTP/1.1 to the backends (they listen on loopback in plain HTTP/1.1): Jetty's default dynamic transport would
     * negotiate the protocol for every request's destination. Without TLS: by default the client loads the JDK's trust
     * store when it starts, a tenth of a second of every proxy's start after an agent crash.
     */
    @Override
    protected HttpClient newHttpClient() {
        ClientConnector connector = new ClientConnector() {
            @Override
            protected SslContextFactory.Client newSslContextFactory() {
                return new PlainHttpOnly();
            }
        };
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setIdleTimeout(idleTimeoutMillis);
        httpClient.setConnectTimeout(5_000);
        httpClient.setUserAgentField(null); // else the app sees Jetty's User-Agent before the client's
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        return super.newProxyToServerRequest(request, target).idleTimeout(REQUEST_IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The {@link ForwardedHeaders} instead of Jetty's default {@code Via} and {@code Forwarded}. */
    @Override
    protected void addProxyHeaders(Request request, org.eclipse.jetty.client.Request proxyToServer) {
        proxyToServer.headers(headers -> ForwardedHeaders.put(request, headers));
    }

    @Override
    protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
            Request request, org.eclipse.jetty.client.Request proxyToServer, Response response, Callback callback) {
        return new ProxyResponseListener(request, proxyToServer, response, callback) {
            @Override
            public void onHeaders(org.eclipse.jetty.client.Response serverToProxy) {
                super.onHeaders(serverToProxy);
                Backend backend = (Backend) request.getAttribute(BACKEND);
                if (table.get().split()) {
                    response.getHeaders().add(HttpHeader.SET_COOKIE,
                            StickyCookie.header(backend.releaseId(), request.isSecure()));
                }
            }
        };
    }

    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response response,
                                                  Callback callback, Throwable failure) {
        request.setAttribute(UNANSWERED, Boolean.TRUE);
        super.onServerToProxyResponseFailure(request, proxyToServer, serverToProxy, response, callback, failure);
    }

    /**
     * Counts the request on a backend of the current table (the sticky release's while it has weight); re-reads the
     * table after counting so a concurrent switch cannot miss it.
     */
    private Optional<Backend> enterCurrent(Optional<String> sticky) {
        while (true) {
            RouteTable routes = table.get();
            Optional<Backend> backend = routes.pick(sticky);
            if (backend.isEmpty()) {
                return backend;
            }
            backend.get().enter();
            if (table.get() == routes) {
                return backend;
            }
            backend.get().leave();
        }
    }

    private void record(Request request, Response response, Backend backend, long began) {
        boolean unanswered = request.getAttribute(UNANSWERED) != null;
        metrics.record(backend.releaseId(), TrafficCounts.Outcome.of(response.getStatus(), unanswered),
                System.nanoTime() - began);
    }

    private void redirectToHttps(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        String location = HttpURI.build(uri).scheme("https").port(Request.getLocalPort(request)).asString();
        response.setStatus(HttpStatus.PERMANENT_REDIRECT_308);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, "308 Permanent Redirect: this app is served over HTTPS at " + location
                + "\n", callback);
    }

    private void unavailable(Response response, Callback callback) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        String body = "503 Service Unavailable: no release of app " + app + " is serving yet\n";
        Content.Sink.write(response, true, body, callback);
    }

    private static HttpURI backendUri(Request request) {
        Backend backend = (Backend) request.getAttribute(BACKEND);
        return HttpURI.build(request.getHttpURI()).scheme("http").host("127.0.0.1").port(backend.port());
    }

    /** The TLS context of a client that never speaks TLS: it loads nothing and refuses to make an engine. */
    private static final class PlainHttpOnly extends SslContextFactory.Client {
        @Override
        protected void doStart() {
            // no trust store, no SSLContext: backends are plain HTTP on loopback
        }

        @Override
        public SSLEngine newSSLEngine(String host, int port) {
            throw new IllegalStateException("the edge proxy talks plain HTTP to its backends, not TLS (" + host + ":"
                    + port + ")");
        }
    }

    /**
     * Completes the client's callback, then (once) takes the request off its backend's in-flight count and records
     * it.
     */
    private static final class Leaving implements Callback {
        private final Callback delegate;
        private final Backend backend;
        private final Runnable recorder;
        private final AtomicBoolean left = new AtomicBoolean();

        Leaving(Callback delegate, Backend backend, Runnable recorder) {
            this.delegate = delegate;
            this.backend = backend;
            this.recorder = recorder;
        }

        @Override
        public void succeeded() {
            try {
                delegate.succeeded();
            } finally {
                leave();
            }
        }

        @Override
        public void failed(Throwable failure) {
            try {
                delegate.failed(failure);
            } finally {
                leave();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                backend.leave();
                recorder.run();
            }
        }
    }
}
