package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.client.AgentError;
import dev.hivemind.runtime.client.AgentStatus;
import dev.hivemind.runtime.client.Json;
import dev.hivemind.runtime.client.Names;
import dev.hivemind.runtime.client.ReleaseLaunch;
import dev.hivemind.runtime.client.Wire;
import dev.hivemind.runtime.proxy.PrometheusText;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The agent's HTTP/JSON API (served on its Unix socket):
 * <pre>
 * GET /v1/status                          POST /v1/shutdown
 * PUT|GET|DELETE /v1/apps/{app}           POST /v1/apps/{app}/releases
 * GET|DELETE /v1/apps/{app}/releases/{id} PUT /v1/apps/{app}/releases/{id}/replicas
 * PUT /v1/apps/{app}/weights              POST /v1/apps/{app}/switch
 * PUT /v1/apps/{app}/services
 * GET /v1/apps/{app}/traffic?window=30s   GET /metrics (Prometheus text)
 * </pre>
 * Errors answer {@code {error, message}} with 400 (bad input), 404 (unknown), 405, 409 (conflict) or 500.
 */
final class AgentApi extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(AgentApi.class.getName());

    private final AppRegistry registry;
    private final Supplier<AgentStatus> status;
    private final Runnable shutdown;

    AgentApi(AppRegistry registry, Supplier<AgentStatus> status, Runnable shutdown) {
        this.registry = registry;
        this.status = status;
        this.shutdown = shutdown;
    }

    /** An answer: its status, its JSON body, and what to do once it has been sent. */
    private record Reply(int status, Object body, Runnable then) {
        static Reply ok(Object body) {
            return new Reply(200, body, () -> { });
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (Request.getPathInContext(request).equals("/metrics")) {
            return metrics(request, response, callback);
        }
        Reply reply;
        try {
            reply = dispatch(request);
        } catch (AgentError e) {
            reply = error(e.status(), e.code(), e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            reply = error(400, "bad_request", e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, request.getMethod() + " " + request.getHttpURI().getPath() + " failed", e);
            reply = error(500, "internal", e.getMessage());
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Runnable then = reply.then();
        Content.Sink.write(response, true, Json.text(reply.body()), Callback.from(callback, then));
        return true;
    }

    private Reply dispatch(Request request) throws IOException {
        String method = request.getMethod();
        List<String> path = Arrays.stream(Request.getPathInContext(request).split("/")).filter(s -> !s.isEmpty()).toList();
        if (path.size() < 2 || !path.getFirst().equals("v1")) {
            throw AgentError.notFound("no endpoint " + method + " " + Request.getPathInContext(request));
        }
        List<String> route = path.subList(1, path.size());
        if (route.equals(List.of("status"))) {
            requireMethod(method, "GET");
            return Reply.ok(status.get());
        }
        if (route.equals(List.of("shutdown"))) {
            requireMethod(method, "POST");
            return new Reply(202, Map.of("message", "the host agent is shutting down"), shutdown);
        }
        if (route.getFirst().equals("apps") && route.size() >= 2) {
            return appRoute(method, Names.app(route.get(1)), route.subList(2, route.size()), request);
        }
        throw AgentError.notFound("no endpoint " + method + " " + Request.getPathInContext(request));
    }

    private Reply appRoute(String method, String app, List<String> rest, Request request) throws IOException {
        if (rest.isEmpty()) {
            return switch (method) {
                case "PUT" -> {
                    Wire.AppRequest body = body(request, Wire.AppRequest.class);
                    yield Reply.ok(registry.ensureApp(app, body.port(), body.address(), body.https()));
                }
                case "GET" -> Reply.ok(registry.app(app)
                        .orElseThrow(() -> AgentError.notFound("the agent serves no app named " + app)));
                case "DELETE" -> {
                    registry.removeApp(app);
                    yield Reply.ok(Map.of("removed", app));
                }
                default -> throw notAllowed(method, "PUT, GET, DELETE");
            };
        }
        if (rest.equals(List.of("releases"))) {
            requireMethod(method, "POST");
            ReleaseLaunch launch = body(request, Wire.ReleaseRequest.class).launch();
            return new Reply(201, registry.startRelease(app, launch), () -> { });
        }
        if (rest.size() == 2 && rest.getFirst().equals("releases")) {
            String releaseId = Names.release(rest.get(1));
            return switch (method) {
                case "GET" -> Reply.ok(registry.release(app, releaseId));
                case "DELETE" -> {
                    registry.stopRelease(app, releaseId);
                    yield Reply.ok(Map.of("stopped", releaseId));
                }
                default -> throw notAllowed(method, "GET, DELETE");
            };
        }
        if (rest.size() == 3 && rest.getFirst().equals("releases") && rest.get(2).equals("replicas")) {
            requireMethod(method, "PUT");
            int replicas = body(request, Wire.ScaleRequest.class).count();
            return Reply.ok(registry.scaleRelease(app, Names.release(rest.get(1)), replicas));
        }
        if (rest.equals(List.of("services"))) {
            requireMethod(method, "PUT");
            return Reply.ok(registry.setServices(app, body(request, Wire.ServicesRequest.class).valid()));
        }
        if (rest.equals(List.of("weights"))) {
            requireMethod(method, "PUT");
            return Reply.ok(registry.setWeights(app, body(request, Wire.WeightsRequest.class).valid()));
        }
        if (rest.equals(List.of("switch"))) {
            requireMethod(method, "POST");
            Wire.SwitchRequest body = body(request, Wire.SwitchRequest.class);
            return Reply.ok(registry.switchTo(app, body.release(), body.drainTimeout()));
        }
        if (rest.equals(List.of("traffic"))) {
            requireMethod(method, "GET");
            String window = Request.extractQueryParameters(request).getValue("window");
            return Reply.ok(registry.traffic(app, Wire.window(Optional.ofNullable(window))));
        }
        throw AgentError.notFound("no endpoint " + method + " /v1/apps/" + app + "/" + String.join("/", rest));
    }

    /** {@code GET /metrics}: every proxy's totals in the Prometheus text format. */
    private boolean metrics(Request request, Response response, Callback callback) {
        if (!request.getMethod().equals("GET")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, Json.text(new Wire.ErrorBody("method_not_allowed",
                    "method " + request.getMethod() + " is not allowed here; use GET")), callback);
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        Content.Sink.write(response, true, PrometheusText.render(registry.trafficTotals()), callback);
        return true;
    }

    private static <T> T body(Request request, Class<T> type) throws IOException {
        return Json.read(Content.Source.asString(request), type);
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
    }

    private static AgentError notAllowed(String method, String allowed) {
        return AgentError.methodNotAllowed("method " + method + " is not allowed here; use " + allowed);
    }

    private static Reply error(int status, String code, String message) {
        return new Reply(status, new Wire.ErrorBody(code, message == null ? code : message), () -> { });
    }
}
