package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.PinnedCertificate;
import dev.hivemind.runtime.client.InstanceState;
import dev.hivemind.runtime.client.ReleaseTraffic;
import dev.hivemind.runtime.proxy.ProxyLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real agent and node apps whose {@code /hang} never answers: requests that hang end at the proxy's request
 * timeout with 504, hold up neither the app's other requests nor another app, are abandoned as soon as their clients
 * leave, and beyond an instance's connections and queue are turned away with 503; every one of them is counted.
 */
class HungBackendIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How late past the timeout a 504 may come on this shared, loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);

    @TempDir
    java.nio.file.Path temp;
    private AgentFixture fixture;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int webPort = AgentFixture.freePort();
    private final int otherPort = AgentFixture.freePort();

    /** An answer and how long it took from sending the request. */
    private record Timed(int status, String body, Duration took) {
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        http.close();
    }

    @Test
    void twoHundredHungRequestsHoldUpNeitherTheAppsOtherRequestsNorAnotherAppAndEndAtTheTimeout() {
        // given apps web and other on one agent whose proxies give a request 2 s
        start(ProxyLimits.defaults().withRequestTimeout(TIMEOUT));
        int instance = serve("web", webPort);
        serve("other", "o1", otherPort, false);

        // when 200 requests to web hang (more than Jetty's default 64 connections to one instance)
        List<CompletableFuture<Timed>> hung = IntStream.range(0, 200).mapToObj(i -> send(webPort, "/hang")).toList();
        AgentFixture.await(() -> direct(instance, "/hung"), "200\n"::equals, Duration.ofSeconds(10),
                "200 requests to hang in app web");

        // then web's healthy endpoint and the other app answer at once
        Timed healthy = send(webPort, "/pid").join();
        assertThat(healthy.status()).isEqualTo(200);
        assertThat(healthy.took()).isLessThan(Duration.ofSeconds(1));
        Timed other = send(otherPort, "/").join();
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.took()).isLessThan(Duration.ofSeconds(1));

        // and every hung request ends at the timeout, 504 with a body that says why
        for (CompletableFuture<Timed> request : hung) {
            Timed ended = request.join();
            assertThat(ended.status()).isEqualTo(504);
            assertThat(ended.took()).isBetween(TIMEOUT, TIMEOUT.plus(SLACK));
            assertThat(ended.body()).isEqualTo("504 Gateway Timeout: release r1 of app web did not answer within"
                    + " 2 s, the edge proxy's request timeout; the request was abandoned; see hivemind logs web\n");
        }
        // and their connections to the instance are closed
        AgentFixture.await(() -> direct(instance, "/hung"), "0\n"::equals, Duration.ofSeconds(5),
                "the instance to see its hung requests' connections closed");
        // and they are counted as requests the release did not answer
        ReleaseTraffic web = awaitTraffic("web", 201);
        assertThat(web.connectionErrors()).isEqualTo(200);
        assertThat(web.serverErrors()).isZero();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aRequestWhoseClientLeftIsAbandonedAtOnceReleasingItsConnectionToTheInstance(boolean tls) throws IOException {
        // given app web with the default 60 s request timeout, over plain HTTP or HTTPS
        start(ProxyLimits.defaults());
        int instance = serve("web", webPort, tls);

        // when 50 clients send a request that hangs, then close their connections
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Socket client = connect(tls);
            client.getOutputStream().write("GET /hang HTTP/1.1\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            clients.add(client);
        }
        AgentFixture.await(() -> direct(instance, "/hung"), "50\n"::equals, Duration.ofSeconds(10),
                "50 requests to hang in app web");
        long closed = System.nanoTime();
        for (Socket client : clients) {
            client.close();
        }

        // then the proxy closes their connections to the instance within a second, not at the timeout
        AgentFixture.await(() -> direct(instance, "/hung"), "0\n"::equals, Duration.ofSeconds(5),
                "the instance to see the abandoned requests' connections closed");
        assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(1));
        // and they are counted as requests, not as errors of the release (nginx's 499)
        ReleaseTraffic web = awaitTraffic("web", 50);
        assertThat(web.connectionErrors()).isZero();
        assertThat(web.serverErrors()).isZero();
    }

    @Test
    void aClientThatLeavesRightAfterItsRequestIsNoticedToo() throws IOException {
        // given app web with the default 60 s request timeout
        start(ProxyLimits.defaults());
        int instance = serve("web", webPort);

        // when a client sends a request that hangs and leaves at once (before the proxy watches its connection)
        long sent = System.nanoTime();
        try (Socket client = connect(false)) {
            client.getOutputStream().write("GET /hang HTTP/1.1\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            AgentFixture.await(() -> direct(instance, "/hung"), "1\n"::equals, Duration.ofSeconds(5),
                    "the request to reach app web");
        }

        // then its connection to the instance is closed within a second of its arrival
        AgentFixture.await(() -> direct(instance, "/hung"), "0\n"::equals, Duration.ofSeconds(5),
                "the instance to see the abandoned request's connection closed");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aRequestPipelinedBehindOneThatWaitsIsAnsweredAfterIt(boolean tls) throws IOException {
        // given app web, and a client whose first request takes 800 ms
        start(ProxyLimits.defaults());
        serve("web", webPort, tls);
        try (Socket client = connect(tls)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET /slow?ms=800 HTTP/1.1\r\nHost: web\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            AgentFixture.sleep(Duration.ofMillis(300));

            // when its next request comes on the same connection while the first waits (the proxy sees it readable)
            client.getOutputStream().write("GET /pid HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            // then both are answered, in order: the probe left the second request's bytes to Jetty
            String answers = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(answers.indexOf("slow v1\n")).isPositive().isLessThan(answers.indexOf("v1 "));
        }
    }

    @Test
    void beyondItsConnectionsAndItsQueueAnInstanceTurnsRequestsAwayWith503() {
        // given an instance that may hold 4 requests, with 2 more waiting
        start(ProxyLimits.defaults().withRequestTimeout(TIMEOUT).withPerBackend(4, 2));
        int instance = serve("web", webPort);
        List<CompletableFuture<Timed>> hung = new ArrayList<>();
        for (int i = 1; i <= 4; i++) { // one by one: requests that wait for a new connection count as queued
            hung.add(send(webPort, "/hang"));
            AgentFixture.await(() -> direct(instance, "/hung"), (i + "\n")::equals, Duration.ofSeconds(10),
                    i + " requests to hang in app web");
        }
        hung.add(send(webPort, "/hang"));
        hung.add(send(webPort, "/hang"));
        AgentFixture.sleep(Duration.ofMillis(300)); // they wait in the queue

        // when one more comes
        Timed turnedAway = send(webPort, "/pid").join();

        // then it is answered 503 at once, saying why
        assertThat(turnedAway.status()).isEqualTo(503);
        assertThat(turnedAway.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(turnedAway.body()).isEqualTo("503 Service Unavailable: the instance of release r1 of app web on"
                + " port " + instance + " holds 4 requests and 2 more wait for it, the most the edge proxy lets one"
                + " instance hold; retry later, and see what holds its requests up: hivemind logs web\n");
        // and the waiting ones end at the timeout too, their wait included
        for (CompletableFuture<Timed> request : hung) {
            assertThat(request.join().status()).isEqualTo(504);
            assertThat(request.join().took()).isLessThan(TIMEOUT.plus(SLACK));
        }
        // and all 7 count as requests the release did not answer
        assertThat(awaitTraffic("web", 7).connectionErrors()).isEqualTo(7);
    }

    @Test
    void whileNoInstanceIsReadyTheProxysOwn503sAreCountedForTheRelease() {
        // given release r1 serving app web, whose every start after the first crashes
        start(ProxyLimits.defaults());
        fixture.client.ensureApp("web", webPort, "127.0.0.1");
        fixture.client.startRelease("web", fixture.launch("r1", Map.of("CRASH_STARTS", "1000")));
        fixture.awaitState("web", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("web", "r1", Duration.ofSeconds(5));

        // when it crashes into a crash loop, and 20 requests come meanwhile
        assertThat(fixture.get(webPort, "/crash").statusCode()).isEqualTo(200);
        AgentFixture.await(() -> fixture.instance("web", "r1"), view -> !view.ready(), Duration.ofSeconds(10),
                "the instance to leave rotation");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> refused = fixture.get(webPort, "/");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("503 Service Unavailable: no release of app web has an instance"
                    + " ready (not deployed yet, starting, restarting or crash-looping); see hivemind status web\n");
        }

        // then the release's counters show them: 21 requests, 20 of them errors
        ReleaseTraffic web = awaitTraffic("web", 21);
        assertThat(web.connectionErrors()).isEqualTo(20);
        assertThat(web.errorRate()).isEqualTo(20 / 21.0);
        assertThat(fixture.client.prometheusMetrics())
                .contains("hivemind_proxy_requests_total{app=\"web\",release=\"r1\"} 21\n",
                        "hivemind_proxy_errors_total{app=\"web\",release=\"r1\",kind=\"connection\"} 20\n");
    }

    private void start(ProxyLimits limits) {
        fixture = new AgentFixture(temp).start(AgentFixture.FAST.withProxy(limits));
    }

    /** Serves the app on its public port from a healthy release r1; returns the instance's own port. */
    private int serve(String app, int publicPort) {
        return serve(app, publicPort, false);
    }

    private int serve(String app, int publicPort, boolean tls) {
        return serve(app, "r1", publicPort, tls);
    }

    /**
     * Serves {@code app}'s release from a directory of its own: as root the agent runs each app as its own user, who
     * may write only its own release (the test app appends to starts.log there).
     */
    private int serve(String app, String releaseId, int publicPort, boolean tls) {
        fixture.client.ensureApp(app, publicPort, "127.0.0.1", tls);
        int instance = fixture.startHealthy(app, releaseId, "v1").port();
        fixture.client.switchTo(app, releaseId, Duration.ofSeconds(5));
        return instance;
    }

    /** The release r1's traffic once {@code requests} of its requests are recorded. */
    private ReleaseTraffic awaitTraffic(String app, long requests) {
        return AgentFixture.await(() -> fixture.client.traffic(app, Duration.ofMinutes(1)).getFirst(),
                traffic -> traffic.requests() >= requests, Duration.ofSeconds(10),
                requests + " requests of app " + app + " to be recorded");
    }

    private CompletableFuture<Timed> send(int port, String path) {
        long sent = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response ->
                new Timed(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - sent)));
    }

    /** A connection to app web's public port, over TLS trusting the host certificate when {@code tls}. */
    private Socket connect(boolean tls) throws IOException {
        if (!tls) {
            return new Socket(InetAddress.getLoopbackAddress(), webPort);
        }
        SSLSocket socket = (SSLSocket) PinnedCertificate.sslContext(fixture.home.tlsCertificate()).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), webPort);
        socket.startHandshake();
        return socket;
    }

    /** Asks the instance itself, past the proxy. */
    private String direct(int instancePort, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instancePort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
