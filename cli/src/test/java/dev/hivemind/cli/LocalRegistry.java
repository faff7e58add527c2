package dev.hivemind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OCI registry on loopback for one test class: Debian's {@code docker-registry} (the CNCF distribution
 * registry) serving from a temporary directory on a free port, over plain HTTP; {@link #withPassword} makes it ask
 * for a user and password (an htpasswd file made by {@code htpasswd -B}) and serve HTTPS with a self-signed
 * certificate (made by {@code openssl}), as a private registry would: credentials never go over plain HTTP. Started when first asked; after the class
 * the process is stopped by its pid and the directory removed. It reads manifests, configurations and blobs back
 * through the registry's HTTP API. {@code scripts/test} installs the package.
 */
final class LocalRegistry implements AfterAllCallback {
    static final String MANIFEST_TYPES = "application/vnd.oci.image.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<String[]> login;
    private final boolean tls;
    private final HttpClient http;
    private Path directory;
    private Process process;
    private int port;

    private LocalRegistry(Optional<String[]> login, boolean tls) {
        this.login = login;
        this.tls = tls;
        this.http = tls ? HttpClient.newBuilder().sslContext(trustingEveryCertificate()).build()
                : HttpClient.newHttpClient();
    }

    private String scheme() {
        return tls ? "https" : "http";
    }

    /** The test reads its own registry, whose certificate it just made. */
    private static SSLContext trustingEveryCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String type) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalRegistry open() {
        return new LocalRegistry(Optional.empty(), false);
    }

    static LocalRegistry withPassword(String user, String password) {
        return new LocalRegistry(Optional.of(new String[] {user, password}), true);
    }

    /** A registry that asks for a password over plain HTTP, which HiveMind must refuse to send it. */
    static LocalRegistry withPasswordOverHttp(String user, String password) {
        return new LocalRegistry(Optional.of(new String[] {user, password}), false);
    }

    /** {@code 127.0.0.1:PORT}. */
    synchronized String address() {
        start();
        return "127.0.0.1:" + port;
    }

    /** A manifest read back, with the digest the registry names it by. */
    record Manifest(String digest, JsonNode json) {
        List<String> layers() {
            return json.get("layers").valueStream().map(layer -> layer.get("digest").asText()).toList();
        }
    }

    Manifest manifest(String repository, String reference) {
        HttpResponse<byte[]> response = get("/v2/" + repository + "/manifests/" + reference, MANIFEST_TYPES);
        try {
            return new Manifest(response.headers().firstValue("Docker-Content-Digest").orElseThrow(),
                    JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode config(String repository, String reference) {
        String digest = manifest(repository, reference).json().get("config").get("digest").asText();
        try {
            return JSON.readTree(blob(repository, digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] blob(String repository, String digest) {
        return get("/v2/" + repository + "/blobs/" + digest, "*/*").body();
    }

    /**
     * Every blob the registry stores (layers, configurations and manifests alike), by digest, with its size in bytes:
     * what a push added is the difference of two of these.
     */
    Map<String, Long> storedBlobs() {
        start();
        Path blobs = directory.resolve("data/docker/registry/v2/blobs/sha256");
        Map<String, Long> stored = new TreeMap<>();
        if (!Files.isDirectory(blobs)) {
            return stored;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            for (Path data : files.filter(file -> file.getFileName().toString().equals("data")).toList()) {
                stored.put("sha256:" + data.getParent().getFileName(), Files.size(data));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stored;
    }

    /** The repositories the registry holds. */
    List<String> catalog() {
        try {
            return JSON.readTree(get("/v2/_catalog", "application/json").body()).get("repositories").valueStream()
                    .map(JsonNode::asText).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<byte[]> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme() + "://" + address() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30));
        login.ifPresent(pair -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (pair[0] + ":" + pair[1]).getBytes(StandardCharsets.UTF_8))));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void start() {
        if (process != null) {
            return;
        }
        try {
            directory = Files.createTempDirectory("hivemind-registry-");
            port = CliHarness.freePort();
            String auth = "";
            String certificate = "";
            if (login.isPresent()) {
                Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", login.get()[0], login.get()[1])
                        .redirectErrorStream(true).start();
                Files.write(directory.resolve("htpasswd"), htpasswd.getInputStream().readAllBytes());
                htpasswd.waitFor();
                auth = "auth:\n  htpasswd:\n    realm: hivemind-test\n    path: " + directory.resolve("htpasswd")
                        + "\n";
            }
            if (tls) {
                Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", directory.resolve("key.pem").toString(), "-out",
                        directory.resolve("cert.pem").toString()).redirectErrorStream(true).start();
                openssl.getInputStream().readAllBytes();
                openssl.waitFor();
                certificate = "  tls:\n    certificate: " + directory.resolve("cert.pem") + "\n    key: "
                        + directory.resolve("key.pem") + "\n";
            }
            Files.writeString(directory.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\nstorage:\n"
                    + "  filesystem:\n    rootdirectory: " + directory.resolve("data") + "\n" + auth
                    + "http:\n  addr: 127.0.0.1:" + port + "\n" + certificate);
            process = new ProcessBuilder("docker-registry", "serve", directory.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("registry.log").toFile()).start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start docker-registry (apt-get install docker-registry; "
                    + "scripts/test installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited: " + Files.readString(
                        directory.resolve("registry.log")));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(scheme() + "://127.0.0.1:" + port + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("docker-registry did not answer on port " + port + " within 20 s");
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
        if (directory != null) {
            PrivateFiles.deleteTree(directory);
        }
    }
}
