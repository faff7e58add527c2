package dev.hivemind.runtime;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's reverse proxy, sending each request to a backend the route table current when it arrived picks. The backend
 * is picked once per request and counted in flight until the response to the client completes or fails; without a
 * backend the answer is 503.
 */
final class BackendRouter extends ProxyHandler.Reverse {
    private static final String BACKEND = BackendRouter.class.getName() + ".backend";
    // While a request is outstanding the backend may think for a long time; idle pooled connections still expire
    // after the client's (short) idle timeout.
    private static final long REQUEST_IDLE_TIMEOUT_SECONDS = 300;

    private final String app;
    private final AtomicReference<RouteTable> table;
    private final long idleTimeoutMillis;

    BackendRouter(String app, AtomicReference<RouteTable> table, long idleTimeoutMillis) {
        super(BackendRouter::backendUri);
        this.app = app;
        this.table = table;
        this.idleTimeoutMillis = idleTimeoutMillis;
        setUseServerThreadPool(true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Backend backend = enterCurrent();
        if (backend == null) {
            unavailable(response, callback);
            return true;
        }
        request.setAttribute(BACKEND, backend);
        Leaving leaving = new Leaving(callback, backend);
        try {
            return super.handle(request, response, leaving);
        } catch (RuntimeException | Error e) {
            leaving.leave(); // Jetty fails the original callback, never ours
            throw e;
        }
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setIdleTimeout(idleTimeoutMillis);
        httpClient.setConnectTimeout(5_000);
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI target) {
        return super.newProxyToServerRequest(request, target).idleTimeout(REQUEST_IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Counts the request on a backend of the current table; re-reads after counting so a concurrent switch cannot miss it. */
    private Backend enterCurrent() {
        while (true) {
            RouteTable routes = table.get();
            Backend backend = routes.pick(Optional.empty()).orElse(null);
            if (backend == null) {
                return null;
            }
            backend.enter();
            if (table.get() == routes) {
                return backend;
            }
            backend.leave();
        }
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

    /** Completes the client's callback, then takes the request off its backend's in-flight count (once). */
    private static final class Leaving implements Callback {
        private final Callback delegate;
        private final Backend backend;
        private final AtomicBoolean left = new AtomicBoolean();

        Leaving(Callback delegate, Backend backend) {
            this.delegate = delegate;
            this.backend = backend;
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
            }
        }
    }
}
