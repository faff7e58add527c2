package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.engine.LockHolder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app lock across real processes: another JVM holds it, is refused, is read as the holder, and kill -9 frees it.
 */
public class AppLockIT {
    private static final String HOLDER_ID = "20261122-033512-123-000holder00";

    @TempDir
    Path temp;

    @Test
    void anotherProcessHoldsTheLockUntilItIsKilled() throws Exception {
        HivemindHome home = new HivemindHome(temp.resolve("home"));
        Process holder = startHolder(home);
        try {
            String ready = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(ready).isEqualTo("locked " + holder.pid());

            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> AppLock.acquire(home, "shop", "20261122-033513-000-000second00", Clock.systemUTC()));
            assertThat(refused.getMessage()).startsWith("app 'shop' is locked by deployment " + HOLDER_ID + " (pid "
                    + holder.pid() + ", since ");
            assertThat(refused.remediation()).contains("hivemind status " + HOLDER_ID);
            assertThat(AppLock.holder(home, "shop")).hasValueSatisfying(read -> {
                assertThat(read.pid()).isEqualTo(holder.pid());
                assertThat(read.deploymentId()).contains(HOLDER_ID);
            });
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(AppLock.holder(home, "shop")).as("the holder was killed: nobody holds the lock").isEmpty();

        try (AppLock after = AppLock.acquire(home, "shop", "20261122-033514-000-000third000", Clock.systemUTC())) {
            assertThat(after.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    private static Process startHolder(HivemindHome home) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(List.of(java, "-cp", classPath, LockHolder.class.getName(),
                home.root().toString(), "shop", HOLDER_ID))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
