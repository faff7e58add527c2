package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Sheriff on the local target, over a real HIVEMIND_HOME and a real instance's sockets. */
class LocalHardeningTest {
    private static final int PUBLIC_PORT = 8080;

    @TempDir
    Path temp;

    private HivemindHome home;
    private LocalHardening hardening;
    private Process instance;

    @BeforeEach
    void privateHome() throws IOException {
        home = new HivemindHome(temp.resolve("home"));
        for (Path file : envFiles()) {
            PrivateFiles.writeAtomically(file, "SECRET=1\n".getBytes(), false);
        }
        PrivateFiles.writeAtomically(home.tlsCertificate(), "certificate".getBytes(), false);
        PrivateFiles.writeAtomically(home.tlsCertificate().resolveSibling("host.key"), "key".getBytes(), false);
        hardening = new LocalHardening(home, new ListenerAudit(Path.of("/proc")));
    }

    @AfterEach
    void stopInstance() throws InterruptedException {
        if (instance != null) {
            instance.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPrivateLoopbackAppWithTlsScoresEveryCheck() throws IOException {
        // given
        int instancePort = startInstance("127.0.0.1");

        // when
        SecurityConfig security = hardening.harden("shop", config(Optional.of(instance.pid())), PUBLIC_PORT,
                "127.0.0.1", true);

        // then
        assertThat(security.securityScore()).isEqualTo(100);
        assertThat(security.recommendations()).isEmpty();
        assertThat(security.vulnerabilityScanResults()).containsExactly(
                new SecurityCheck("instance-loopback-only", true, "the instance listens on [127.0.0.1:" + instancePort
                        + "], loopback only, behind the proxy"),
                new SecurityCheck("environment-files-0600", true, "files holding environment values are 0600"),
                new SecurityCheck("home-directories-0700", true, "HIVEMIND_HOME directories are 0700"),
                new SecurityCheck("public-endpoint", true, "the proxy on port 8080 is reachable from this machine only"),
                new SecurityCheck("tls", true, "port 8080 serves HTTPS with the self-signed host certificate "
                        + home.tlsCertificate() + " (key 0600), redirects plain HTTP (308) and sends HSTS"));
        assertThat(security.sslEnabled()).isTrue();
        assertThat(security.certificateArn()).contains(home.tlsCertificate().toString());
        assertThat(security.firewallRules()).containsExactly(new FirewallRule(PUBLIC_PORT, "tcp", "127.0.0.1/32",
                "edge proxy of shop"));
        assertThat(security.openPorts()).containsExactlyInAnyOrder(instancePort, PUBLIC_PORT).isSorted();
    }

    @Test
    void hivemindsSearchOnlyAclForThePostgresUserPassesTheDirectoryCheckAndIsNeverToBeChmodded() throws Exception {
        // given HIVEMIND_HOME's directories as a root HiveMind leaves them: 0700 plus u:<postgres>:x (ServiceUser)
        startInstance("127.0.0.1");
        for (Path directory : new Path[] {home.root(), home.app("shop")}) {
            assertThat(new ProcessBuilder("setfacl", "-m", "u:65534:x", directory.toString()).start().waitFor())
                    .isZero();
        }
        assertThat(PrivateFiles.mode(home.root())).isEqualTo("rwx--x---");

        // when
        SecurityConfig security = hardening.harden("shop", config(Optional.of(instance.pid())), PUBLIC_PORT,
                "127.0.0.1", true);

        // then
        assertThat(security.vulnerabilityScanResults()).filteredOn(check -> check.name().equals("home-directories-0700"))
                .singleElement().satisfies(check -> {
                    assertThat(check.passed()).isTrue();
                    assertThat(check.detail()).startsWith("HIVEMIND_HOME directories are 0700, with HiveMind's "
                            + "search-only ACL entries for the PostgreSQL user: " + home.root()
                            + " (search only for user:65534)");
                });
        assertThat(security.recommendations()).noneMatch(line -> line.contains("chmod 700"));

        // and a directory whose ACL gives more is told to lose it with setfacl, not chmod
        assertThat(new ProcessBuilder("setfacl", "-m", "u:65534:rwx", home.root().toString()).start().waitFor())
                .isZero();
        SecurityConfig widened = hardening.harden("shop", config(Optional.of(instance.pid())), PUBLIC_PORT,
                "127.0.0.1", true);
        assertThat(widened.recommendations()).anyMatch(line -> line.contains("setfacl -m g::---,o::--- "
                + home.root())).noneMatch(line -> line.startsWith("chmod 700"));
    }

    @Test
    void plainHttpLosesOnlyTheTlsWeight() throws IOException {
        // given
        startInstance("127.0.0.1");

        // when
        SecurityConfig security = hardening.harden("shop", config(Optional.of(instance.pid())), PUBLIC_PORT,
                "127.0.0.1");

        // then
        assertThat(security.securityScore()).isEqualTo(90);
        assertThat(security.vulnerabilityScanResults()).last()
                .isEqualTo(new SecurityCheck("tls", false, "the public endpoint serves plain HTTP"));
        assertThat(security.recommendations()).containsExactly(
                "Deploy with --tls (or tls: true in hivemind.yaml) to serve HTTPS on port 8080");
        assertThat(security.sslEnabled()).isFalse();
        assertThat(security.certificateArn()).isEmpty();
    }

    @Test
    void everyFailedCheckCostsItsWeightAndSaysWhatToDo() throws IOException {
        // given an instance on every interface, a readable env file, a shared app directory and a public proxy
        int instancePort = startInstance("0.0.0.0");
        Path env = home.deployment("d1").resolve("env");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(home.app("shop"), PosixFilePermissions.fromString("rwxr-xr-x"));

        // when
        SecurityConfig security = hardening.harden("shop", config(Optional.of(instance.pid())), PUBLIC_PORT,
                "0.0.0.0", false);

        // then
        assertThat(security.securityScore()).isZero();
        assertThat(security.vulnerabilityScanResults()).containsExactly(
                new SecurityCheck("instance-loopback-only", false, "the instance also listens on [0.0.0.0:"
                        + instancePort + "], reachable without the proxy"),
                new SecurityCheck("environment-files-0600", false, env + " is rw-r--r--"),
                new SecurityCheck("home-directories-0700", false, home.app("shop") + " is rwxr-xr-x"),
                new SecurityCheck("public-endpoint", false, "the proxy on port 8080 listens on every interface (--public)"),
                new SecurityCheck("tls", false, "the public endpoint serves plain HTTP"));
        assertThat(security.recommendations()).containsExactly(
                "Make the app listen on the HOST it is given (127.0.0.1), e.g. server.listen(PORT, HOST)",
                "chmod 600 " + env + " " + home.app("shop").resolve("releases.json") + " "
                        + home.agent().resolve("desired.json"),
                "chmod 700 " + home.app("shop"),
                "Port 8080 is open to the network (--public): allow only trusted sources in the host firewall",
                "Deploy with --tls (or tls: true in hivemind.yaml) to serve HTTPS on port 8080");
        assertThat(security.firewallRules()).containsExactly(new FirewallRule(PUBLIC_PORT, "tcp", "0.0.0.0/0",
                "edge proxy of shop"));
    }

    @Test
    void anInstanceWithoutAProcessAndAMissingKeyFailTheirChecks() throws IOException {
        // given
        Files.delete(home.tlsCertificate().resolveSibling("host.key"));

        // when
        SecurityConfig security = hardening.harden("shop", config(Optional.empty()), PUBLIC_PORT, "127.0.0.1", true);

        // then
        assertThat(security.securityScore()).isEqualTo(55);
        assertThat(security.vulnerabilityScanResults()).first().isEqualTo(new SecurityCheck("instance-loopback-only",
                false, "no listening socket found for pid (none)"));
        assertThat(security.vulnerabilityScanResults()).last().isEqualTo(new SecurityCheck("tls", false,
                "TLS was asked for but the host certificate or its 0600 key is missing: " + home.tlsCertificate()));
        assertThat(security.recommendations()).containsExactly(
                "Make the app listen on the HOST it is given (127.0.0.1), e.g. server.listen(PORT, HOST)",
                "Redeploy with --tls so the agent creates the host certificate again");
        assertThat(security.sslEnabled()).isTrue();
        assertThat(security.openPorts()).containsExactly(PUBLIC_PORT);
    }

    private Path[] envFiles() {
        return new Path[] {home.deployment("d1").resolve("env"), home.app("shop").resolve("releases.json"),
                home.agent().resolve("desired.json")};
    }

    private static DeploymentConfig config(Optional<Long> pid) {
        return new DeploymentConfig(PUBLIC_PORT, 3000, "/health", "shop", "running", "d1", Map.of(), "/dev/null", pid);
    }

    /** A real instance in its own process group, listening on {@code host}; answers its port. */
    private int startInstance(String host) throws IOException {
        instance = new ProcessBuilder("setsid", "node", "-e", "const s = require('http').createServer(() => {})"
                + ".listen(0, '" + host + "', () => console.log(s.address().port))")
                .redirectErrorStream(true).start();
        return Integer.parseInt(instance.inputReader().readLine().trim());
    }
}
