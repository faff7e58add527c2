package dev.hivemind.target.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script a host runs for a migration, run here by this machine's /bin/sh as a host's would run it (over SSH, the
 * environment file on its standard input).
 */
class HostMigrationTest {
    @TempDir
    Path release;

    private record Ran(int exitCode, String output) { }

    private Ran run(String command, Map<String, String> environment, Duration timeout) throws Exception {
        Target.Migration migration = new Target.Migration("shop", "r1", release, command, environment, timeout);
        Process process = new ProcessBuilder("/bin/sh", "-c", HostMigration.script(release.toString(), migration))
                .redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(HostMigration.file(new TreeMap<>(environment)).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ran(process.waitFor(), output);
    }

    @Test
    void theCommandRunsInTheReleaseWithExactlyTheGivenEnvironmentAndAPrivateHomeRemovedAfter() throws Exception {
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "DATABASE_URL",
                "postgresql://u:it's $ecret `x`@db:5432/d", "MULTI", "one\ntwo");

        Ran ran = run("pwd; env | sort; printf 'multi=[%s]\\n' \"$MULTI\"; echo home=$HOME; "
                + "test -f \"$HOME/environment\" && stat -c %a \"$HOME\"", environment, Duration.ofMinutes(1));

        assertThat(ran.exitCode()).as(ran.output()).isZero();
        assertThat(ran.output()).startsWith(release.toRealPath() + "\n")
                .contains("DATABASE_URL=postgresql://u:it's $ecret `x`@db:5432/d\n").contains("multi=[one\ntwo]\n")
                .contains("PATH=/usr/bin:/bin\n").doesNotContain("JAVA_HOME=").doesNotContain("USER=")
                .containsPattern("\nhome=\\S+\n700\n");
        String home = ran.output().replaceFirst("(?s).*\nhome=(\\S+)\n.*", "$1");
        assertThat(Path.of(home)).doesNotExist();
    }

    @Test
    void aFailureAndATimeoutAreTheCommandsExitStatus() throws Exception {
        assertThat(run("echo failing; exit 3", Map.of("PATH", "/usr/bin:/bin"), Duration.ofMinutes(1)).exitCode())
                .isEqualTo(3);
        assertThat(run("sleep 30", Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(1)).exitCode())
                .isEqualTo(124);
    }

    @Test
    void theEnvironmentFileQuotesEveryValue() {
        assertThat(HostMigration.file(new TreeMap<>(Map.of("A", "x'y", "B", "")))).isEqualTo("A='x'\\''y'\nB=''\n");
        assertThat(Files.exists(release)).isTrue();
    }
}
