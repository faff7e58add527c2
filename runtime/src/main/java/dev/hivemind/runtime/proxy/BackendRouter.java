package dev.hivemind.runtime.proxy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
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
 * {@link ProxyMetrics} (a {@link ProxyExchange}). Without a backend the answer is 503. With TLS, a plain-HTTP request
 * is redirected (308) to https; every answer gets the {@link SecurityHeaders} the app did not set.
 *
 * <p>No instance can hold the app's traffic up: a request to an instance ends within the {@link ProxyLimits}' request
 * timeout (504), its queue for a connection is bounded (503 beyond it), and a request whose client left is abandoned
 * at once ({@link DepartureWatch}). Each app has its own proxy, so one app's instances never hold up another's.
 */
final class BackendRouter extends ProxyHandler.Reverse {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final String app;
    private final AtomicReference<RouteTable> table;
    private final ProxyLimits limits;
    private final long timeoutMillis;
    private final ProxyMetrics metrics;
    private final boolean tls;
    private final DepartureWatch watch = new DepartureWatch();

    BackendRouter(String app, AtomicReference<RouteTable> table, ProxyLimits limits, ProxyMetrics metrics,
                  boolean tls) {
        super(BackendRouter::backendUri);
        this.app = app;
        this.table = table;
        this.limits = limits;
        this.timeoutMillis = limits.requestTimeout().toMillis();
        this.metrics = metrics;
        this.tls = tls;
        setUseServerThreadPool(true);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        watch.start(getServer().getScheduler());
    }

    @Override
    protected void doStop() throws Exception {
        watch.stop();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long began = System.nanoTime();
        SecurityHeaders.putDefaults(response.getHeaders(), request.isSecure());
        if (tls && !request.isSecure()) {
            metrics.record(ProxyMetrics.PROXY, TrafficCounts.Outcome.ANSWERED, System.nanoTime() - began);
            redirectToHttps(request, response, callback);
            return true;
        }
        if (HttpMethod.CONNECT.is(request.getMethod())) {
            answer(ProxyMetrics.PROXY, OwnAnswer.connectRefused(app), response, callback, began);
            return true;
        }
        // the cookie only matters while traffic is split: parsing the cookies of every request cost ~3 % of the CPU
        Optional<String> sticky = table.get().split() ? StickyCookie.release(request) : Optional.empty();
        Optional<Backend> picked = enterCurrent(sticky);
        if (picked.isEmpty()) {
            String owner = table.get().unserved().orElse(ProxyMetrics.PROXY);
            answer(owner, OwnAnswer.noInstanceReady(app), response, callback, began);
            return true;
        }
        ProxyExchange exchange = ProxyExchange.begin(request, response, callback, picked.get(), metrics, began);
        watch.add(exchange);
        try {
            return super.handle(request, response, exchange);
        } catch (RuntimeException | Error e) {
            exchange.leave(); // Jetty fails the original callback, never ours
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
        httpClient.setIdleTimeout(limits.backendIdleTimeout().toMillis());
        httpClient.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        httpClient.setMaxConnectionsPerDestination(limits.connectionsPerBackend());
        httpClient.setMaxRequestsQueuedPerDestination(limits.queuedPerBackend());
        httpClient.setUserAgentField(null); // else the app sees Jetty's User-Agent before the client's
    }

    /**
     * The request to the backend ends within the request timeout, waiting for a connection included (Jetty's total
     * timeout); the idle timeout, which would otherwise be the pooled connections' short one, never ends it sooner.
     */
    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        ProxyExchange exchange = ProxyExchange.of(request);
        org.eclipse.jetty.client.Request upstream = super.newProxyToServerRequest(request, target)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS).idleTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!exchange.bodiless()) {
            upstream.onRequestSuccess(exchange); // the body is read to its end once it is sent
        }
        exchange.upstream(upstream);
        return upstream;
    }

    /** The client's body as Jetty passes it on, noting when it fails (malformed, or cut off by the client). */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(
            Request request, Response response, org.eclipse.jetty.client.Request proxyToServer) {
        ProxyExchange exchange = ProxyExchange.of(request);
        return new ProxyRequestContent(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (Content.Chunk.isFailure(chunk)) {
                    exchange.clientFailed(chunk.getFailure());
                }
                return chunk;
            }
        };
    }

    /** The {@link ForwardedHeaders} instead of Jetty's default {@code Via} and {@code Forwarded}. */
    @Override
    protected void addProxyHeaders(Request request, org.eclipse.jetty.client.Request proxyToServer) {
        proxyToServer.headers(headers -> ForwardedHeaders.put(request, headers));
    }

    @Override
    protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
            Request request, org.eclipse.jetty.client.Request proxyToServer, Response response, Callback callback) {
        ProxyExchange exchange = ProxyExchange.of(request);
        return new ProxyResponseListener(request, proxyToServer, response, callback) {
            @Override
            public void onBegin(org.eclipse.jetty.client.Response serverToProxy) {
                exchange.answering();
                super.onBegin(serverToProxy);
            }

            @Override
            public void onHeaders(org.eclipse.jetty.client.Response serverToProxy) {
                super.onHeaders(serverToProxy);
                if (table.get().split()) {
                    response.getHeaders().add(HttpHeader.SET_COOKIE,
                            StickyCookie.header(exchange.backend().releaseId(), request.isSecure()));
                }
            }
        };
    }

    /**
     * The backend did not answer (or the client left): the proxy answers in its place, unless the answer had begun
     * (then the client's connection is cut) or there is no one left to answer.
     */
    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request proxyToServer,
                                                  org.eclipse.jetty.client.Response serverToProxy, Response response,
                                                  Callback callback, Throwable failure) {
        ProxyExchange exchange = ProxyExchange.of(request);
        exchange.answering();
        if (exchange.abandoned() || exchange.clientFailure().filter(OwnAnswer::departure).isPresent()) {
            exchange.outcome(TrafficCounts.Outcome.ABANDONED);
            callback.failed(failure);
            return;
        }
        OwnAnswer answer = OwnAnswer.failed(app, exchange.backend(), failure, exchange.clientFailure(), limits);
        exchange.outcome(answer.outcome());
        if (response.isCommitted()) {
            callback.failed(failure);
            return;
        }
        response.reset(); // the backend's status and headers, if they had come
        SecurityHeaders.putDefaults(response.getHeaders(), request.isSecure());
        answer.write(response, callback);
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

    /** Answers in the app's place before any backend is involved, counting the answer under {@code releaseId}. */
    private void answer(String releaseId, OwnAnswer answer, Response response, Callback callback, long began) {
        metrics.record(releaseId, answer.outcome(), System.nanoTime() - began);
        answer.write(response, callback);
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

    private static HttpURI backendUri(Request request) {
        Backend backend = ProxyExchange.of(request).backend();
        return HttpURI.build(request.getHttpURI()).scheme("http").host(backend.host()).port(backend.port());
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
}
