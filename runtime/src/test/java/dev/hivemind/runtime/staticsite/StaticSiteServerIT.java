package dev.hivemind.runtime.staticsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static file server over real HTTP on a loopback port: what it serves, with which headers, and what not. */
class StaticSiteServerIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;
    Path site;
    StaticSiteServer server;

    @BeforeEach
    void serveASite() throws IOException {
        site = Files.createDirectories(temp.resolve("public"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(site.resolve("style.css"), "body { margin: 0 }\n");
        Files.writeString(site.resolve("app.js"), "console.log(1)\n");
        Files.writeString(site.resolve("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        Files.writeString(site.resolve(".env"), "SECRET=1\n");
        Files.createDirectories(site.resolve(".git"));
        Files.writeString(site.resolve(".git/config"), "[core]\n");
        Files.createDirectories(site.resolve(".well-known"));
        Files.writeString(site.resolve(".well-known/security.txt"), "Contact: mailto:ops@example.com\n");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/index.html"), "<h1>docs</h1>\n");
        Files.createDirectories(site.resolve("images"));
        Files.writeString(site.resolve("images/a.txt"), "a\n");
        Files.writeString(temp.resolve("outside.txt"), "private\n");
        Files.createSymbolicLink(site.resolve("outside.txt"), temp.resolve("outside.txt"));
        server = StaticSiteServer.start(site, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void servesTheIndexPageAtTheRootAndForADirectory() throws Exception {
        HttpResponse<String> home = get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).isEqualTo("<h1>home</h1>\n");
        assertThat(home.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(home.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(home.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(home.headers().firstValue("Server")).isEmpty();

        assertThat(get("/docs/").body()).isEqualTo("<h1>docs</h1>\n");
        assertThat(get("/index.html").body()).isEqualTo("<h1>home</h1>\n");
    }

    @Test
    void givesAssetsTheirContentTypeAndLetsBrowsersCacheThem() throws Exception {
        HttpResponse<String> css = get("/style.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).isEqualTo("body { margin: 0 }\n");
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/css"));
        assertThat(css.headers().firstValue("Cache-Control")).contains("public, max-age=3600");
        assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .matches("(text|application)/javascript.*"));
        assertThat(get("/logo.svg").headers().firstValue("Content-Type")).contains("image/svg+xml");
    }

    @Test
    void answersARevalidationWithNotModified() throws Exception {
        String etag = get("/style.css").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/style.css")).header("If-None-Match", etag));

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void missingFilesAreNotFound() throws Exception {
        HttpResponse<String> missing = get("/nothing-here.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value)
                .isNotEqualTo(StaticSitePolicy.ASSET_CACHE).contains("no-store"));
        assertThat(get("/docs/missing.css").statusCode()).isEqualTo(404);
    }

    @Test
    void neverListsADirectory() throws Exception {
        HttpResponse<String> listing = get("/images/");

        assertThat(listing.statusCode()).isIn(403, 404);
        assertThat(listing.body()).doesNotContain("a.txt");
    }

    @Test
    void hidesHiddenFilesButServesWellKnown() throws Exception {
        assertThat(get("/.env").statusCode()).isEqualTo(404);
        assertThat(get("/.git/config").statusCode()).isEqualTo(404);
        assertThat(get("/docs/../.env").statusCode()).isIn(400, 404);
        assertThat(get("/%2eenv").statusCode()).isIn(400, 404);
        assertThat(get("/.well-known/security.txt").body()).isEqualTo("Contact: mailto:ops@example.com\n");
    }

    @Test
    void doesNotFollowALinkOutOfTheSite() throws Exception {
        HttpResponse<String> linked = get("/outside.txt");

        assertThat(linked.statusCode()).isEqualTo(404);
        assertThat(linked.body()).doesNotContain("private");
    }

    @Test
    void followsALinkThatStaysInTheSite() throws Exception {
        Files.createSymbolicLink(site.resolve("home.html"), site.resolve("index.html"));

        assertThat(get("/home.html").body()).isEqualTo("<h1>home</h1>\n");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getHostString()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesToStartWithoutADirectoryOrAPort() {
        Map<String, String> port = Map.of("PORT", "8080");
        assertThat(StaticSiteServer.invalidArguments(new String[] {site.toString()}, port)).isEmpty();
        assertThat(StaticSiteServer.invalidArguments(new String[0], port))
                .contains("expected one argument, the directory to serve; got 0");
        assertThat(StaticSiteServer.invalidArguments(new String[] {temp.resolve("gone").toString()}, port))
                .contains("there is no directory " + temp.resolve("gone") + " to serve");
        assertThat(StaticSiteServer.invalidArguments(new String[] {site.toString()}, Map.of()))
                .contains("PORT must be a port number (0 to 65535); it is ''");
        assertThat(StaticSiteServer.invalidArguments(new String[] {site.toString()}, Map.of("PORT", "70000")))
                .contains("PORT must be a port number (0 to 65535); it is '70000'");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
