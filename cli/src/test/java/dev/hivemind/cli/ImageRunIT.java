package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image built by {@code hivemind image} runs: the go-nethttp example is pushed to a real registry on a base made
 * from this machine's C library (the dynamic loader and libc, what a Go binary built with cgo needs), copied out with
 * skopeo, unpacked with umoci and run with runc as the image says (its entrypoint, its user, its working directory),
 * in the host's network namespace so the test can reach it; its health path answers. runc needs root: skipped
 * otherwise.
 */
class ImageRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.open();

    private final CliHarness cli = cliHome.cli();

    @TempDir
    Path dir;

    @Test
    void theImageRunsAsItsNonRootUserAndAnswers() throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "runc needs root");
        String base = pushLibcBase();
        CliHarness.Result result = cli.run("image", CliHarness.example("go-nethttp").toString(), "--registry",
                registry.address() + "/hello", "--tag", "run", "--base", base, "--insecure-registry");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path layout = dir.resolve("layout");
        Path bundle = dir.resolve("bundle");
        run("skopeo", "copy", "--src-tls-verify=false", "docker://" + registry.address() + "/hello:run",
                "oci:" + layout + ":hello");
        run("umoci", "unpack", "--image", layout + ":hello", bundle.toString());
        int port = CliHarness.freePort();
        reachableFromTheHost(bundle.resolve("config.json"), port);
        String container = "hivemind-it-" + ProcessHandle.current().pid();

        try {
            run("runc", "run", "--detach", "--bundle", bundle.toString(), container);
            String body = await(port);
            long pid = JSON.readTree(run("runc", "state", container)).get("pid").asLong();
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));

            assertThat(body).contains("Hello from go-nethttp");
            assertThat(status.lines().filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow())
                    .matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532");
            assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString())
                    .endsWith("/app");
        } finally {
            new ProcessBuilder("runc", "delete", "--force", container).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    /**
     * The bundle's process as the image made it, with two changes so the test can reach it: no network namespace of
     * its own, and {@code PORT} a free port on loopback ({@code HOST} too) rather than the image's.
     */
    private static void reachableFromTheHost(Path config, int port) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(config.toFile());
        ObjectNode process = (ObjectNode) root.get("process");
        process.put("terminal", false);
        assertThat(process.get("args").get(0).asText()).isEqualTo("/app/app");
        assertThat(process.get("user").get("uid").asInt()).isEqualTo(65532);
        ArrayNode env = (ArrayNode) process.get("env");
        for (int index = 0; index < env.size(); index++) {
            String variable = env.get(index).asText();
            if (variable.startsWith("PORT=")) {
                env.set(index, "PORT=" + port);
            } else if (variable.startsWith("HOST=")) {
                env.set(index, "HOST=127.0.0.1");
            }
        }
        ArrayNode namespaces = (ArrayNode) root.get("linux").get("namespaces");
        for (int index = namespaces.size() - 1; index >= 0; index--) {
            if (namespaces.get(index).get("type").asText().equals("network")) {
                namespaces.remove(index);
            }
        }
        JSON.writeValue(config.toFile(), root);
    }

    /** A base of the dynamic loader and libc of this machine, made with umoci and pushed with skopeo. */
    private String pushLibcBase() throws IOException, InterruptedException {
        Path layout = dir.resolve("base-layout");
        Path bundle = dir.resolve("base-bundle");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":base");
        run("umoci", "unpack", "--image", layout + ":base", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        for (String library : List.of("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6")) {
            Path copy = rootfs.resolve(library.substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(Path.of(library), copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        run("umoci", "repack", "--image", layout + ":base", bundle.toString());
        run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":base",
                "docker://" + registry.address() + "/base/libc:1");
        return registry.address() + "/base/libc:1";
    }

    private static String await(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the container did not answer on port " + port + " within 20 s",
                            notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs a command with its output in a file of its own (a detached container keeps writing to runc's). */
    private String run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "command-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
