package dev.hivemind.runtime.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.HivemindHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talks to the host agent over its Unix socket. Every method mirrors one API call.
 *
 * <p>Failures are the api's exceptions: the agent not answering is an {@link InfrastructureException} (Provisioner)
 * saying how to start it; an unknown app or release, or input the agent refuses (HTTP 400/404), an
 * {@link InvalidInputException}; a conflict (HTTP 409) a {@link DeploymentException} (Deployer), or an
 * {@link InfrastructureException} (Provisioner) for {@link #ensureApp} whose port is taken; anything else an
 * {@link InfrastructureException}. Their messages are the agent's.
 */
public final class AgentClient implements AutoCloseable {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    // Stopping waits for graceful exits (10 s grace, then SIGKILL) of possibly several instances.
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    private final HivemindHome home;
    private final AgentTransport transport;
    private final String startAdvice;

    private AgentClient(HivemindHome home, Path socket, String startAdvice) {
        this.home = home;
        this.transport = new AgentTransport(socket);
        this.startAdvice = startAdvice;
    }

    private AgentClient(HivemindHome home) {
        this(home, home.agentSocket(), "Start it with: hivemind agent start");
    }

    /**
     * A client for an agent on another host whose API is carried to {@code socket} here (an SSH tunnel); messages
     * name the files of that host's {@code agentHome}, and {@code startAdvice} says how the agent there is started.
     */
    public static AgentClient through(Path socket, HivemindHome agentHome, String startAdvice) {
        return new AgentClient(agentHome, socket, startAdvice);
    }

    /** A client for the agent of this {@code HIVEMIND_HOME}; connects on each call, so the agent may start later. */
    public static AgentClient connect(HivemindHome home) {
        return new AgentClient(home);
    }

    /** Whether an agent answers on the socket. */
    public boolean isRunning() {
        try {
            return transport.call("GET", "/v1/status", Optional.empty(), PING_TIMEOUT).ok();
        } catch (AgentTransport.Unreachable e) {
            return false;
        }
    }

    public AgentStatus status() {
        return call(Call.get("/v1/status", "Asking the host agent for its status"), AgentStatus.class);
    }

    /** Makes the app's edge proxy listen on {@code bindAddress:publicPort} (idempotent; a new port moves it). */
    public AppView ensureApp(String app, int publicPort, String bindAddress) {
        return ensureApp(app, publicPort, bindAddress, false);
    }

    /**
     * Makes the app's edge proxy listen on {@code bindAddress:publicPort}, serving HTTPS with the host certificate
     * ({@link HivemindHome#tlsCertificate()}) and redirecting plain HTTP when {@code tls} (idempotent).
     */
    public AppView ensureApp(String app, int publicPort, String bindAddress, boolean tls) {
        Call call = new Call("PUT", appPath(app), Optional.of(new Wire.AppRequest(publicPort, bindAddress, tls)),
                CALL_TIMEOUT, "Opening the edge proxy of " + app + " on " + bindAddress + ":" + publicPort
                + (tls ? " (HTTPS)" : ""), Agent.PROVISIONER);
        return call(call, AppView.class);
    }

    /**
     * Each release's traffic through the app's proxy over the sliding window ending now (whole seconds, 1 s to
     * 10 min): requests, 5xx and connection errors, error rate and latency percentiles.
     */
    public List<ReleaseTraffic> traffic(String app, Duration window) {
        long seconds = Math.max(1, (window.toMillis() + 999) / 1000);
        Call call = Call.get(appPath(app) + "/traffic?window=" + seconds + "s",
                "Reading the traffic of " + app + " over the last " + seconds + " s");
        return List.of(call(call, ReleaseTraffic[].class));
    }

    /** The text of the agent's {@code GET /metrics}: every proxy's counters in the Prometheus text format. */
    public String prometheusMetrics() {
        Call call = Call.get("/metrics", "Reading the host agent's metrics");
        AgentTransport.Answer answer = send(call);
        if (!answer.ok()) {
            throw failure(call, answer);
        }
        return answer.body();
    }

    /** The app, or empty when the agent does not serve it. */
    public Optional<AppView> app(String app) {
        Call call = Call.get(appPath(app), "Looking up app " + app + " in the host agent");
        AgentTransport.Answer answer = send(call);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(decode(call, answer, AppView.class));
    }

    /**
     * Starts the release's {@code launch.policy().replicas()} instances beside the other releases, each on its own
     * loopback port and health-gated; the release gets no traffic until {@link #setWeights} or {@link #switchTo}.
     */
    public ReleaseView startRelease(String app, ReleaseLaunch launch) {
        Call call = new Call("POST", appPath(app) + "/releases", Optional.of(Wire.ReleaseRequest.of(launch)),
                STOP_TIMEOUT, "Starting release " + launch.releaseId() + " of " + app + " (" + launch.command() + ")",
                Agent.DEPLOYER);
        return call(call, ReleaseView.class);
    }

    public ReleaseView release(String app, String releaseId) {
        return call(Call.get(releasePath(app, releaseId), "Looking up release " + releaseId + " of " + app),
                ReleaseView.class);
    }

    /**
     * Adds instances to the release (each joins its route once ready) or takes the newest away (out of rotation at
     * once, drained up to the release's drain timeout, then stopped with its grace period).
     */
    public ReleaseView scaleRelease(String app, String releaseId, int replicas) {
        Call call = new Call("PUT", releasePath(app, releaseId) + "/replicas",
                Optional.of(new Wire.ScaleRequest(replicas)), STOP_TIMEOUT,
                "Scaling release " + releaseId + " of " + app + " to " + replicas + " replica(s)", Agent.DEPLOYER);
        return call(call, ReleaseView.class);
    }

    /**
     * Routes the app's traffic by these relative weights; releases left out get none but keep running. Each release's
     * ready instances share its weight round-robin. A weight for a release without a ready instance is refused.
     */
    public AppView setWeights(String app, Map<String, Integer> weights) {
        Call call = new Call("PUT", appPath(app) + "/weights", Optional.of(new Wire.WeightsRequest(weights)),
                CALL_TIMEOUT, "Setting the traffic weights of " + app + " to " + weights, Agent.DEPLOYER);
        return call(call, AppView.class);
    }

    /**
     * Records the services (the app's database server) the agent brings up, when they do not run, each time it starts
     * and before it starts the app's instances; replaces what was recorded. Their commands must hold no secret.
     */
    public AppView setServices(String app, List<BackingService> services) {
        Call call = new Call("PUT", appPath(app) + "/services", Optional.of(new Wire.ServicesRequest(services)),
                CALL_TIMEOUT, "Recording the services " + app + " needs in the host agent", Agent.PROVISIONER);
        return call(call, AppView.class);
    }

    /** Moves all the app's traffic to the (ready) release; every other release is drained, then stopped. */
    public SwitchResult switchTo(String app, String releaseId, Duration drainTimeout) {
        Call call = new Call("POST", appPath(app) + "/switch",
                Optional.of(new Wire.SwitchRequest(releaseId, drainTimeout.toMillis())), CALL_TIMEOUT,
                "Switching the traffic of " + app + " to release " + releaseId, Agent.DEPLOYER);
        return call(call, SwitchResult.class);
    }

    /** Stops the release's instances gracefully and forgets the release. */
    public void stopRelease(String app, String releaseId) {
        call(new Call("DELETE", releasePath(app, releaseId), Optional.empty(), STOP_TIMEOUT,
                "Stopping release " + releaseId + " of " + app, Agent.DEPLOYER), Map.class);
    }

    /** Stops all the app's instances, closes its proxy (freeing the port) and forgets it. */
    public void removeApp(String app) {
        call(new Call("DELETE", appPath(app), Optional.empty(), STOP_TIMEOUT, "Removing app " + app
                + " from the host agent", Agent.PROVISIONER), Map.class);
    }

    /** Asks the agent to stop (it stops its instances and proxies in the background). */
    public void shutdown() {
        call(new Call("POST", "/v1/shutdown", Optional.empty(), CALL_TIMEOUT, "Stopping the host agent",
                Agent.PROVISIONER), Map.class);
    }

    @Override
    public void close() {
        transport.close();
    }

    /** One API call and what to say when it fails. */
    private record Call(String method, String path, Optional<Object> body, Duration timeout, String context,
                        Agent agent) {
        static Call get(String path, String context) {
            return new Call("GET", path, Optional.empty(), CALL_TIMEOUT, context, Agent.DEPLOYER);
        }
    }

    private <T> T call(Call call, Class<T> type) {
        return decode(call, send(call), type);
    }

    private AgentTransport.Answer send(Call call) {
        try {
            return transport.call(call.method(), call.path(), call.body(), call.timeout());
        } catch (AgentTransport.Unreachable e) {
            throw new InfrastructureException(Agent.PROVISIONER, "the host agent does not answer: " + e.getMessage(),
                    call.context(), startAdvice + " (its log is " + agentLog() + ")", e);
        }
    }

    private <T> T decode(Call call, AgentTransport.Answer answer, Class<T> type) {
        if (!answer.ok()) {
            throw failure(call, answer);
        }
        try {
            return Json.MAPPER.readValue(answer.body(), type);
        } catch (JsonProcessingException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "the host agent sent an answer this client cannot read: "
                    + e.getOriginalMessage(), call.context(), "Use the same HiveMind version for the CLI and the agent"
                    + " (restart it with: hivemind agent stop && hivemind agent start)", e);
        }
    }

    private HiveMindException failure(Call call, AgentTransport.Answer answer) {
        String message = messageOf(answer);
        return switch (answer.status()) {
            case 400, 404, 405 -> new InvalidInputException(call.agent(), message, call.context(),
                    "hivemind agent status lists the apps and releases the agent serves");
            case 409 -> call.agent() == Agent.PROVISIONER
                    ? new InfrastructureException(Agent.PROVISIONER, message, call.context(),
                            "Choose another port (--port), or stop the process using it (ss -ltnp shows which)")
                    : new DeploymentException(Agent.DEPLOYER, message, call.context(),
                            "Check the release with hivemind agent status; instance logs are under "
                                    + home.agent().resolve("instances"));
            default -> new InfrastructureException(Agent.PROVISIONER, "the host agent failed (HTTP " + answer.status()
                    + "): " + message, call.context(), "See the agent's log: " + agentLog());
        };
    }

    private static String messageOf(AgentTransport.Answer answer) {
        try {
            Wire.ErrorBody error = Json.MAPPER.readValue(answer.body(), Wire.ErrorBody.class);
            return error.message() == null ? answer.body() : error.message();
        } catch (JsonProcessingException e) {
            return answer.body().isBlank() ? "HTTP " + answer.status() : answer.body().strip();
        }
    }

    private String agentLog() {
        return home.agent().resolve("agent.log").toString();
    }

    private static String appPath(String app) {
        return "/v1/apps/" + Names.app(app);
    }

    private static String releasePath(String app, String releaseId) {
        return appPath(app) + "/releases/" + Names.release(releaseId);
    }
}
