package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.testing.GitDaemon;
import dev.hivemind.api.host.PrivateFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hivemind image} against a real registry on loopback (Debian's docker-registry): the image is pushed, and its
 * manifest, configuration and layers are read back from the registry. The app is the node-express example with a
 * script of mode 0750, a private file of mode 0600 and a symbolic link added, committed to git.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CliHome cliHome = new CliHome();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.open();

    @RegisterExtension
    static final LocalRegistry guarded = LocalRegistry.withPassword("deployer", "s3cret-pass");

    @RegisterExtension
    static final LocalRegistry plainWithPassword = LocalRegistry.withPasswordOverHttp("deployer", "s3cret-pass");

    private final CliHarness cli = cliHome.cli();

    @TempDir
    Path scratch;

    /** The app: node-express plus files whose kind and mode the image must keep, in a git repository. */
    private static Path app;
    private static String commit;

    private static synchronized Path app() throws IOException {
        if (app == null) {
            app = CliHarness.copyOfExample("node-express", cliHome.work().resolve("shop"));
            Files.createDirectories(app.resolve("bin"));
            Files.writeString(app.resolve("bin/start.sh"), "#!/bin/sh\nexec node server.js\n");
            Files.setPosixFilePermissions(app.resolve("bin/start.sh"), PosixFilePermissions.fromString("rwxr-x---"));
            Files.writeString(app.resolve("notes.txt"), "private\n");
            Files.setPosixFilePermissions(app.resolve("notes.txt"), PosixFilePermissions.fromString("rw-------"));
            Files.createSymbolicLink(app.resolve("main.js"), Path.of("server.js"));
            GitDaemon.git(app, "init", "--quiet");
            GitDaemon.commitAll(app, app.resolve(".git"), "shop");
            commit = GitDaemon.headCommit(app.resolve(".git"));
        }
        return app;
    }

    @Test
    @Order(1)
    void pushesTheImageWithItsEntrypointANonRootUserAndItsLabels() throws IOException {
        Path source = app();

        CliHarness.Result result = cli.run("image", source.toString(), "--registry", registry.address() + "/shop",
                "--base", "scratch", "--insecure-registry", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode printed = JSON.readTree(result.out());
        LocalRegistry.Manifest manifest = registry.manifest("shop", commit.substring(0, 12));
        assertThat(printed.get("image").asText()).isEqualTo(registry.address() + "/shop:" + commit.substring(0, 12));
        assertThat(printed.get("digest").asText()).isEqualTo(manifest.digest()).startsWith("sha256:");
        assertThat(manifest.json().get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.layers()).hasSize(2);
        JsonNode config = registry.config("shop", manifest.digest()).get("config");
        assertThat(config.get("Entrypoint")).containsExactly(JSON.valueToTree("npm"), JSON.valueToTree("start"));
        assertThat(config.get("User").asText()).isEqualTo("65532:65532");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/app");
        assertThat(config.get("Env").valueStream().map(JsonNode::asText)).contains("PORT=3000", "HOST=0.0.0.0");
        assertThat(config.get("ExposedPorts").has("3000/tcp")).isTrue();
        assertThat(config.get("Labels").get("org.opencontainers.image.source").asText()).isEqualTo(source.toString());
        assertThat(config.get("Labels").get("org.opencontainers.image.revision").asText()).isEqualTo(commit);
    }

    @Test
    @Order(2)
    void keepsSymbolicLinksAndModesInTheLayers() throws IOException {
        Path source = app();
        CliHarness.Result result = cli.run("image", source.toString(), "--registry", registry.address() + "/shop",
                "--tag", "links", "--base", "scratch", "--insecure-registry");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> layers = registry.manifest("shop", "links").layers();

        Map<String, TarArchiveEntry> dependencies = entries(registry.blob("shop", layers.get(0)));
        Map<String, TarArchiveEntry> application = entries(registry.blob("shop", layers.get(1)));

        assertThat(dependencies).containsKey("app/").allSatisfy((name, entry) -> assertThat(name)
                .matches("app/(node_modules(/.*)?)?"));
        TarArchiveEntry bin = dependencies.get("app/node_modules/.bin/mime");
        assertThat(bin.isSymbolicLink()).isTrue();
        assertThat(bin.getLinkName()).isEqualTo("../mime/cli.js");
        assertThat(application.keySet()).contains("app/server.js", "app/package.json", "app/bin/start.sh")
                .noneMatch(name -> name.startsWith("app/node_modules"));
        assertThat(application.get("app/main.js").isSymbolicLink()).isTrue();
        assertThat(application.get("app/main.js").getLinkName()).isEqualTo("server.js");
        assertThat(application.get("app/bin/start.sh").getMode() & 07777).isEqualTo(0750);
        assertThat(application.get("app/notes.txt").getMode() & 07777).isEqualTo(0600);
        assertThat(application.get("app/server.js").getMode() & 07777).isEqualTo(0644);
        assertThat(application.values()).allSatisfy(entry -> {
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getModTime().getTime()).isEqualTo(1000);
        });
        assertThat(result.out().strip()).isEqualTo(registry.address() + "/shop@"
                + registry.manifest("shop", "links").digest());
    }

    @Test
    @Order(3)
    void theSameInputGivesTheSameDigestEvenFromAFreshBuild() throws IOException {
        Path source = app();
        CliHarness.Result first = cli.run("image", source.toString(), "--registry", registry.address() + "/shop",
                "--tag", "first", "--base", "scratch", "--insecure-registry");
        Path freshHome = scratch.resolve("fresh-home");
        CliHarness.Result fresh = new CliHarness(freshHome, cliHome.work()).run("image", source.toString(),
                "--registry", registry.address() + "/shop", "--tag", "fresh", "--base", "scratch",
                "--insecure-registry");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.err()).contains("npm ci");
        assertThat(registry.manifest("shop", "fresh").digest()).isEqualTo(registry.manifest("shop", "first").digest());
        assertThat(fresh.out()).isEqualTo(first.out());
        PrivateFiles.deleteTree(freshHome);
    }

    @Test
    @Order(4)
    void aChangeOfCodeOnlyChangesTheApplicationLayerAlone() throws IOException {
        Path source = app();
        cli.run("image", source.toString(), "--registry", registry.address() + "/shop", "--tag", "before",
                "--base", "scratch", "--insecure-registry");
        Files.writeString(source.resolve("server.js"), "\n// a change of code\n",
                java.nio.file.StandardOpenOption.APPEND);
        Map<String, Long> stored = registry.storedBlobs();

        CliHarness.Result after = cli.run("image", source.toString(), "--registry", registry.address() + "/shop",
                "--tag", "after", "--base", "scratch", "--insecure-registry");

        assertThat(after.exitCode()).as(after.toString()).isZero();
        List<String> before = registry.manifest("shop", "before").layers();
        LocalRegistry.Manifest manifest = registry.manifest("shop", "after");
        List<String> changed = manifest.layers();
        assertThat(changed.get(0)).isEqualTo(before.get(0));
        assertThat(changed.get(1)).isNotEqualTo(before.get(1));
        assertThat(registry.blob("shop", changed.get(0)).length).isGreaterThan(200_000);
        Map<String, Long> added = new java.util.TreeMap<>(registry.storedBlobs());
        added.keySet().removeAll(stored.keySet());
        assertThat(added.keySet()).containsExactlyInAnyOrder(changed.get(1),
                manifest.json().get("config").get("digest").asText(), manifest.digest());
        assertThat(added.values().stream().mapToLong(Long::longValue).sum()).isLessThan(20_000);
    }

    @Test
    @Order(5)
    void putsTheLayersOnABaseFromTheRegistry() throws IOException, InterruptedException {
        String base = pushBase();

        CliHarness.Result result = cli.run("image", app().toString(), "--registry", registry.address() + "/shop",
                "--tag", "on-base", "--base", base, "--insecure-registry");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> baseLayers = registry.manifest("base/tools", "1").layers();
        List<String> layers = registry.manifest("shop", "on-base").layers();
        assertThat(layers).hasSize(baseLayers.size() + 2).startsWith(baseLayers.toArray(String[]::new));
        JsonNode config = registry.config("shop", "on-base");
        assertThat(config.get("config").get("Env").valueStream().map(JsonNode::asText)).contains("BASE_MARKER=1",
                "PORT=3000");
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(baseLayers.size() + 2);
    }

    @Test
    void takesCredentialsFromTheDockerConfiguration() throws IOException {
        Path dockerConfig = Files.createDirectories(scratch.resolve("docker"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": {\"" + guarded.address()
                + "\": {\"auth\": \"" + Base64.getEncoder().encodeToString("deployer:s3cret-pass".getBytes(
                StandardCharsets.UTF_8)) + "\"}}}");
        Path empty = Files.createDirectories(scratch.resolve("no-login"));
        List<String> args = List.of("image", app().toString(), "--registry", guarded.address() + "/team/shop",
                "--tag", "v1", "--base", "scratch", "--insecure-registry");

        CliHarness.Result refused = cli.run(Map.of("DOCKER_CONFIG", empty.toString()), args.toArray(String[]::new));
        CliHarness.Result pushed = cli.run(Map.of("DOCKER_CONFIG", dockerConfig.toString()),
                args.toArray(String[]::new));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("the registry " + guarded.address() + " refused the credentials, or none "
                + "were found").contains("HiveMind reads " + empty.resolve("config.json"));
        assertThat(pushed.exitCode()).as(pushed.toString()).isZero();
        assertThat(guarded.manifest("team/shop", "v1").digest()).isEqualTo(pushed.out().strip()
                .substring(pushed.out().strip().indexOf('@') + 1));
    }

    @Test
    void sendsNoCredentialsOverPlainHttp() throws IOException {
        Path dockerConfig = Files.createDirectories(scratch.resolve("docker-plain"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\": {\"" + plainWithPassword.address()
                + "\": {\"auth\": \"" + Base64.getEncoder().encodeToString("deployer:s3cret-pass".getBytes(
                StandardCharsets.UTF_8)) + "\"}}}");

        CliHarness.Result result = cli.run(Map.of("DOCKER_CONFIG", dockerConfig.toString()), "image",
                app().toString(), "--registry", plainWithPassword.address() + "/shop", "--base", "scratch",
                "--insecure-registry");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("Message: the registry " + plainWithPassword.address() + " asks for "
                + "credentials over plain HTTP, and HiveMind does not send them unencrypted")
                .contains("Remediation: Serve the registry over HTTPS");
        assertThat(plainWithPassword.catalog()).isEmpty();
    }

    @Test
    void refusesABadRegistryOrTagBeforeAnythingElse() throws IOException {
        Path home = scratch.resolve("untouched-home");
        CliHarness untouched = new CliHarness(home, cliHome.work());
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--registry", "shop"), "--registry 'shop' names no registry host and repository");
        cases.put(List.of("--registry", "http://" + registry.address() + "/shop"), "has a scheme");
        cases.put(List.of("--registry", registry.address() + "/Shop"), "whose part 'Shop' is not valid");
        cases.put(List.of("--registry", registry.address() + "/shop:v1"), "holds a tag or digest");
        cases.put(List.of("--registry", "127.0.0.1:99999/shop"), "has the port '99999'");
        cases.put(List.of("--registry", "team/shop"), "does not start with a registry host: 'team'");
        cases.put(List.of("--registry", registry.address() + "/shop", "--tag", "-v1"), "--tag '-v1' is not a "
                + "valid tag");
        cases.put(List.of("--registry", registry.address() + "/shop", "--base", "Not An Image"),
                "the base image 'Not An Image' (--base) is not an image reference");
        List<String> before = registry.catalog();
        String source = app().toString();

        cases.forEach((options, message) -> {
            List<String> args = new java.util.ArrayList<>(List.of("image", source));
            args.addAll(options);
            CliHarness.Result result = untouched.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).as(result.toString()).contains("Error: InvalidInputError").contains(message)
                    .contains("Remediation: ");
        });

        assertThat(home).doesNotExist();
        assertThat(registry.catalog()).isEqualTo(before);
    }

    /**
     * A base image made with the OCI tools a user would have (umoci builds it from a directory, skopeo pushes it):
     * one layer with a marker file, and an environment variable the app's image must inherit.
     */
    private String pushBase() throws IOException, InterruptedException {
        Path layout = scratch.resolve("layout");
        Path bundle = scratch.resolve("bundle");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":base");
        run("umoci", "config", "--image", layout + ":base", "--config.env", "BASE_MARKER=1");
        run("umoci", "unpack", "--image", layout + ":base", bundle.toString());
        Files.writeString(Files.createDirectories(bundle.resolve("rootfs/etc")).resolve("base-marker"), "base\n");
        run("umoci", "repack", "--image", layout + ":base", bundle.toString());
        run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":base",
                "docker://" + registry.address() + "/base/tools:1");
        return registry.address() + "/base/tools:1";
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static Map<String, TarArchiveEntry> entries(byte[] layer) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(layer));
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }
}
