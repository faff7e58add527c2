package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hivemind.api.PinnedCertificate;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.runtime.agent.AgentFixture;
import dev.hivemind.runtime.client.ReleaseTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge proxy over real HTTP on loopback ports, in front of real HTTP servers (the JDK's): what it records per
 * release, the sticky cookie, the security headers, and HTTPS with a plain-HTTP redirect on the same port.
 */
class EdgeProxyIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpServer> backends = new ArrayList<>();
    private final List<EdgeProxy> proxies = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void stop() {
        proxies.forEach(EdgeProxy::close);
        backends.forEach(server -> server.stop(0));
        http.close();
    }

    @Test
    void everyRequestIsRecordedForItsReleaseWithItsOutcomeAndLatency() {
        // given a proxy routing to release r1, whose server answers 200, 500 or slowly
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        // when 20 answers, 5 server errors and 2 slow answers go through
        for (int i = 0; i < 20; i++) {
            assertThat(get(proxy, "/").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(get(proxy, "/fail").statusCode()).isEqualTo(500);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(get(proxy, "/slow").statusCode()).isEqualTo(200);
        }
        // and release r2's instance is gone: nothing listens on its port
        proxy.routes(RouteTable.single(new Backend("r2", AgentFixture.freePort())));
        for (int i = 0; i < 3; i++) {
            assertThat(get(proxy, "/").statusCode()).isEqualTo(502);
        }

        // then (the last request is recorded when the proxy completes it, maybe a moment after the client's read)
        List<ReleaseTraffic> traffic = AgentFixture.await(() -> proxy.metrics().traffic(Duration.ofSeconds(30)),
                seen -> seen.size() == 2 && seen.get(1).requests() == 3, Duration.ofSeconds(5),
                "the last request to release r2 to be recorded");
        assertThat(traffic).extracting(ReleaseTraffic::releaseId).containsExactly("r1", "r2");
        ReleaseTraffic r1 = traffic.getFirst();
        assertThat(r1.requests()).isEqualTo(27);
        assertThat(r1.serverErrors()).isEqualTo(5);
        assertThat(r1.connectionErrors()).isZero();
        assertThat(r1.errorRate()).isCloseTo(5 / 27.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r1.p50Millis()).isLessThan(250);
        assertThat(r1.p99Millis()).isGreaterThanOrEqualTo(250);
        ReleaseTraffic r2 = traffic.get(1);
        assertThat(r2.requests()).isEqualTo(3);
        assertThat(r2.serverErrors()).isZero();
        assertThat(r2.connectionErrors()).isEqualTo(3);
        assertThat(r2.errorRate()).isEqualTo(1.0);
    }

    @Test
    void whileTrafficIsSplitAClientKeepsTheReleaseItsCookieNames() {
        // given half the traffic to each of two releases
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.of(List.of(new Route("r1", 50, List.of(new Backend("r1", backend("r1")))),
                new Route("r2", 50, List.of(new Backend("r2", backend("r2")))))));

        // when a new client asks, it is told which release answered
        HttpResponse<String> first = get(proxy, "/");
        String release = first.body().strip();
        assertThat(first.headers().allValues("set-cookie"))
                .containsExactly("hivemind_release=" + release + "; Path=/; HttpOnly; SameSite=Lax");

        // then with the cookie it stays there
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(get(proxy, "/", "hivemind_release=" + release).body().strip());
        }
        assertThat(seen).containsExactly(release);

        // and once its release has no weight any more, it goes to the one that has, without a cookie
        String other = release.equals("r1") ? "r2" : "r1";
        Route remaining = proxy.routes().route(other).orElseThrow();
        proxy.routes(RouteTable.of(List.of(new Route(release, 0, proxy.routes().route(release).orElseThrow()
                .backends()), remaining)));
        HttpResponse<String> moved = get(proxy, "/", "hivemind_release=" + release);
        assertThat(moved.body().strip()).isEqualTo(other);
        assertThat(moved.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void answersCarrySecurityHeadersUnlessTheAppSetItsOwn() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        HttpResponse<String> plain = get(proxy, "/");
        HttpResponse<String> framed = get(proxy, "/framed");

        assertThat(plain.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(plain.headers().firstValue("x-frame-options")).contains("DENY");
        assertThat(plain.headers().firstValue("referrer-policy")).contains("no-referrer");
        assertThat(plain.headers().firstValue("strict-transport-security")).as("no HSTS over plain HTTP").isEmpty();
        assertThat(framed.headers().allValues("x-frame-options")).containsExactly("SAMEORIGIN");
    }

    @Test
    void theAppIsToldWhoTheClientIsAndWhatItReachedNotWhatItClaimed() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        // a client on plain HTTP that claims HTTPS, another host, and a proxy before it
        HttpResponse<String> seen = send(proxy, "/headers", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "evil.example", "X-Forwarded-Port", "443", "X-Forwarded-For", "203.0.113.7",
                "Forwarded", "for=203.0.113.7");

        String host = "127.0.0.1:" + proxy.port();
        assertThat(seen.body().lines()).containsExactly(
                "host: " + host,
                "x-forwarded-for: 203.0.113.7, 127.0.0.1",
                "x-forwarded-proto: http",
                "x-forwarded-host: " + host,
                "x-forwarded-port: " + proxy.port(),
                "forwarded: for=203.0.113.7, for=127.0.0.1;proto=http;host=\"" + host + "\"",
                "via: null",
                "user-agent: Java-http-client/" + System.getProperty("java.version"));
    }

    @Test
    void anHttp10RequestWithoutHostReachesTheAppWithTheAddressTheClientReachedNotTheInstances() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        String answer = raw(proxy, "GET /headers HTTP/1.0\r\n\r\n");

        String host = "127.0.0.1:" + proxy.port();
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(body(answer).lines()).contains("host: " + host, "x-forwarded-host: " + host,
                "forwarded: for=127.0.0.1;proto=http;host=\"" + host + "\"");
    }

    @Test
    void anHttp11RequestWithoutHostIsRefusedWith400AndCountedAsTheProxysOwnAnswer() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        String answer = raw(proxy, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Content-Type: text/plain");
        assertThat(body(answer)).startsWith("400 Bad Request");
        assertThat(awaitTraffic(proxy, ProxyMetrics.PROXY, 1).connectionErrors()).isZero();
    }

    @Test
    void aMalformedChunkSizeIsRefusedWith400() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        String answer = raw(proxy, "POST /upload HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
        assertThat(body(answer)).isEqualTo("400 Bad Request: the request's body is malformed or incomplete (Early EOF);"
                + " its request to app web was abandoned\n");
        ReleaseTraffic r1 = awaitTraffic(proxy, "r1", 1);
        assertThat(r1.connectionErrors() + r1.serverErrors()).as("a client's error is not the release's").isZero();
    }

    @Test
    void connectIsRefusedWith405() {
        EdgeProxy proxy = open(Optional.empty());
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));

        String answer = raw(proxy, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                .contains("Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n", "Connection: close\r\n");
        assertThat(body(answer)).startsWith("405 Method Not Allowed: CONNECT opens a tunnel, and the edge proxy of"
                + " app web is a reverse proxy that opens none");
        assertThat(awaitTraffic(proxy, ProxyMetrics.PROXY, 1).requests()).isEqualTo(1);
    }

    @Test
    void answersWithoutAnyReleaseAreCountedAsTheProxysOwn() {
        // given an app with no release yet
        EdgeProxy proxy = open(Optional.empty());

        // when 3 requests come
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = get(proxy, "/");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).contains("1");
        }

        // then they are counted, as errors, under (proxy)
        ReleaseTraffic own = awaitTraffic(proxy, ProxyMetrics.PROXY, 3);
        assertThat(own.connectionErrors()).isEqualTo(3);
        assertThat(proxy.metrics().totals()).containsOnlyKeys(ProxyMetrics.PROXY);
    }

    @Test
    void withTlsThePortServesHttpsAndRedirectsPlainHttp() throws Exception {
        // given a proxy with a host certificate generated in HIVEMIND_HOME/agent/tls
        Path tls = temp.resolve("agent/tls");
        EdgeProxy proxy = open(Optional.of(HostCertificate.ensure(tls)));
        proxy.routes(RouteTable.single(new Backend("r1", backend("r1"))));
        assertThat(Files.getPosixFilePermissions(tls.resolve(HostCertificate.KEY)))
                .isEqualTo(PrivateFiles.FILE);

        // when a client trusting exactly that certificate asks over HTTPS
        try (HttpClient https = HttpClient.newBuilder().sslContext(PinnedCertificate.sslContext(
                tls.resolve(HostCertificate.CERTIFICATE))).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> secure = https.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + proxy.port() + "/hello?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then it is answered, with HSTS
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.body()).isEqualTo("r1\n");
            assertThat(secure.headers().firstValue("strict-transport-security")).contains(SecurityHeaders.HSTS);
            assertThat(secure.headers().firstValue("x-content-type-options")).contains("nosniff");
        }
        // and plain HTTP on the same port is sent to https
        HttpResponse<String> plain = get(proxy, "/hello?x=1");
        assertThat(plain.statusCode()).isEqualTo(308);
        assertThat(plain.headers().firstValue("location"))
                .contains("https://127.0.0.1:" + proxy.port() + "/hello?x=1");
        // and the certificate is reused, not replaced, by the next agent
        assertThat(HostCertificate.ensure(tls).certificate()).isEqualTo(HostCertificate.ensure(tls).certificate());
    }

    /** The release's traffic over the last minute, once {@code requests} of its requests are recorded. */
    private static ReleaseTraffic awaitTraffic(EdgeProxy proxy, String releaseId, long requests) {
        return AgentFixture.await(() -> proxy.metrics().traffic(Duration.ofMinutes(1)).stream()
                        .filter(traffic -> traffic.releaseId().equals(releaseId)).findFirst()
                        .orElse(ReleaseTraffic.none(releaseId, Duration.ofMinutes(1))),
                traffic -> traffic.requests() >= requests, Duration.ofSeconds(5),
                requests + " requests of " + releaseId + " to be recorded");
    }

    /** Sends the bytes on a connection of its own and reads the answer until the proxy closes the connection. */
    private static String raw(EdgeProxy proxy, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private EdgeProxy open(Optional<HostCertificate> tls) {
        EdgeProxy proxy = EdgeProxy.open("web", AgentFixture.freePort(), "127.0.0.1", ProxyLimits.defaults(), tls);
        proxies.add(proxy);
        return proxy;
    }

    /** A server that answers its name, 500 on /fail, after 300 ms on /slow and with its own X-Frame-Options on /framed. */
    private int backend(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String answer = name;
                if (path.equals("/slow")) {
                    AgentFixture.sleep(Duration.ofMillis(300));
                }
                if (path.equals("/headers")) {
                    exchange.getResponseHeaders().add("Content-Type", "text/plain");
                    StringBuilder seen = new StringBuilder();
                    for (String header : List.of("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                            "X-Forwarded-Port", "Forwarded", "Via", "User-Agent")) {
                        List<String> values = exchange.getRequestHeaders().get(header);
                        seen.append(header.toLowerCase()).append(": ")
                                .append(values == null ? "null" : String.join(" | ", values)).append('\n');
                    }
                    answer = seen.toString().strip();
                }
                if (path.equals("/framed")) {
                    exchange.getResponseHeaders().add("X-Frame-Options", "SAMEORIGIN");
                }
                byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(path.equals("/fail") ? 500 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            backends.add(server);
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(EdgeProxy proxy, String path, String... cookie) {
        return cookie.length == 0 ? send(proxy, path) : send(proxy, path, "Cookie", cookie[0]);
    }

    /** A GET with the headers given as name, value, name, value... */
    private HttpResponse<String> send(EdgeProxy proxy, String path, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                    .timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
