package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app on a real Debian host whose agent runs under systemd: each instance is a transient systemd service of its own,
 * sandboxed (no new privileges, the file system read-only but its release, a private /tmp) and held to the limits of
 * {@code hivemind.yaml}; {@code destroy} leaves no unit. The test hosts' cgroup v2 hierarchy has no controllers
 * (systemd-nspawn on this machine's hybrid cgroups; measured: {@code systemd-run -p MemoryMax=50M} lets a process take
 * 200M), so what stops the app here is the rlimit the unit adds where {@code MemoryMax} cannot ({@code LimitDATA});
 * the {@code MemoryMax}/{@code TasksMax} properties are checked as set, not as enforced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshSandboxIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(1);
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static CliHarness cli;

    private static CliHarness cli() {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        if (cli == null) {
            cli = new CliHarness(home, work);
        }
        return cli;
    }

    private static TestHost host() {
        return HOSTS.host(0);
    }

    private static String url(String path) {
        return "http://" + host().address() + path;
    }

    /**
     * {@code /grow} keeps allocating 8 MB buffers up to 600 MB and says how far it got; {@code /sandbox} tries to write
     * outside its release, in it and in /tmp, and reads its own NoNewPrivs flag.
     */
    private static Path hog() throws IOException {
        Path app = Files.createDirectories(work.resolve("hog"));
        Files.writeString(app.resolve("package.json"), """
                {"name": "hog", "version": "1.0.0", "engines": {"node": ">=18"}, "scripts": {"start": "node server.js"}}
                """);
        Files.writeString(app.resolve("server.js"), """
                const fs = require('fs');
                const kept = [];
                function attempt(file) {
                  try { fs.writeFileSync(file, 'x'); return 'ok'; } catch (e) { return e.code; }
                }
                require('http').createServer((req, res) => {
                  if (req.url === '/grow') {
                    try {
                      while (kept.length < 75) kept.push(Buffer.alloc(8 << 20, 1));
                      res.end('grew to ' + kept.length * 8 + ' MB');
                    } catch (e) {
                      res.end('refused at ' + kept.length * 8 + ' MB: ' + e.message);
                    }
                    return;
                  }
                  if (req.url === '/sandbox') {
                    const status = fs.readFileSync('/proc/self/status', 'utf8');
                    res.end(JSON.stringify({etc: attempt('/etc/hog-probe'), state: attempt('/var/lib/hivemind/probe'),
                      release: attempt('./hog-probe'), tmp: attempt('/tmp/hog-probe'),
                      noNewPrivs: /NoNewPrivs:\\s*(\\d)/.exec(status)[1]}));
                    return;
                  }
                  res.end('hello from hog');
                }).listen(Number(process.env.PORT), process.env.HOST);
                """);
        Files.writeString(app.resolve("hivemind.yaml"), "limits: {memory: 256M, tasks: 64}\n");
        return app;
    }

    @Test
    @Order(1)
    void eachInstanceIsASandboxedTransientServiceOfItsOwn() throws IOException {
        CliHarness.Result deploy = cli().run("deploy", hog().toString(), "--app", "hog", "--target", "ssh",
                "--ssh-key", HOSTS.clientKey().toString(), "--host", "root@" + host().address(), "--no-harden",
                "--env", "HOG_SECRET=s3cr3t-value");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        assertThat(Http.get(url("/")).body()).isEqualTo("hello from hog");

        String unit = host().exec("systemctl list-units --plain --no-legend 'hm-hog-*.service'").output().strip()
                .split("\\s+")[0];
        assertThat(unit).matches("hm-hog-[0-9a-f]{6}-.+-1\\.service");
        String properties = host().exec("systemctl show " + unit + " -p User -p NoNewPrivileges -p ProtectSystem "
                + "-p PrivateTmp -p MemoryMax -p TasksMax -p LimitDATA -p LimitNPROC -p Environment").output();
        assertThat(properties).contains("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                "MemoryMax=268435456", "TasksMax=64", "LimitDATA=268435456", "LimitNPROC=64")
                .containsPattern("User=\\d+").doesNotContain("s3cr3t-value");
        String pid = host().exec("systemctl show -p MainPID --value " + unit).output().strip();
        assertThat(host().exec("cat /proc/" + pid + "/environ | tr '\\0' '\\n'").output())
                .contains("HOG_SECRET=s3cr3t-value");
        assertThat(host().exec("ps -o user= -p " + pid).output().strip()).startsWith("hm-hog-");

        String sandbox = Http.get(url("/sandbox")).body();

        assertThat(sandbox).contains("\"etc\":\"EROFS\"", "\"state\":\"EROFS\"", "\"release\":\"ok\"",
                "\"tmp\":\"ok\"", "\"noNewPrivs\":\"1\"");
        assertThat(host().exec("test -e /tmp/hog-probe").ok()).as("the app's /tmp is its own").isFalse();
    }

    @Test
    @Order(2)
    void anAppIsStoppedFromExceedingItsMemoryLimit() {
        String grown = Http.get(url("/grow")).body();

        assertThat(grown).startsWith("refused at ").endsWith(": Array buffer allocation failed");
        int reached = Integer.parseInt(grown.replaceAll("refused at (\\d+) MB.*", "$1"));
        assertThat(reached).as("MB the app got past its 256M limit").isLessThan(256);
        assertThat(Http.get(url("/")).body()).as("the host and the app go on").isEqualTo("hello from hog");
    }

    @Test
    @Order(3)
    void destroyLeavesNoUnitOfTheApp() {
        CliHarness.Result destroy = cli().run("destroy", "hog", "--auto-approve");

        assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
        assertThat(host().exec("systemctl list-units --all --plain --no-legend 'hm-*'").output()).isBlank();
        assertThat(host().exec("ls /var/lib/hivemind/agent/units").output()).isBlank();
        assertThat(host().exec("getent passwd | grep '^hm-hog-'").ok()).isFalse();
        assertThat(host().exec("pgrep -x node").ok()).isFalse();
    }
}
