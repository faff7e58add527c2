package dev.hivemind.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.LockedException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.engine.ManualClock;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLockTest {
    private static final String FIRST = "20261122-033512-123-000first000";
    private static final String SECOND = "20261122-033513-000-000second00";

    @TempDir
    Path temp;

    private HivemindHome home() {
        return new HivemindHome(temp.resolve("home"));
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T03:35:12.123Z"));

    @Test
    void aSecondAcquireFailsAtOnceNamingTheHolder() {
        try (AppLock held = AppLock.acquire(home(), "shop", FIRST, clock)) {
            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> AppLock.acquire(home(), "shop", SECOND, clock));

            assertThat(refused.agent()).isEqualTo(Agent.CONDUCTOR);
            assertThat(refused.getMessage()).isEqualTo("app 'shop' is locked by deployment " + FIRST + " (pid "
                    + ProcessHandle.current().pid() + ", since 2026-11-22T03:35:12.123Z)");
            assertThat(refused.context()).isEqualTo("Locking app 'shop' for deployment " + SECOND);
            assertThat(refused.remediation()).isEqualTo("Wait for it to finish, or check `hivemind status " + FIRST
                    + "`");
            assertThat(held.holder().deploymentId()).contains(FIRST);
        }
    }

    @Test
    void aCommandOnTheAppAndADeploymentRefuseEachOtherNamingTheHolder() {
        try (AppLock held = AppLock.acquire(home(), "shop", FIRST, clock)) {
            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> AppLock.acquireForCommand(home(), "shop", "hivemind destroy shop", clock));

            assertThat(refused.getMessage()).isEqualTo("app 'shop' is locked by deployment " + FIRST + " (pid "
                    + ProcessHandle.current().pid() + ", since 2026-11-22T03:35:12.123Z)");
            assertThat(refused.context()).isEqualTo("Locking app 'shop' for `hivemind destroy shop`");
        }
        try (AppLock held = AppLock.acquireForCommand(home(), "shop", "hivemind rollback shop", clock)) {
            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> AppLock.acquire(home(), "shop", SECOND, clock));

            assertThat(refused.getMessage()).isEqualTo("app 'shop' is locked by `hivemind rollback shop` (pid "
                    + ProcessHandle.current().pid() + ", since 2026-11-22T03:35:12.123Z)");
            assertThat(refused.remediation()).isEqualTo("Wait for it to finish (it takes seconds), then run this "
                    + "command again; `hivemind status shop` shows the app");
            assertThat(held.holder().command()).contains("hivemind rollback shop");
            assertThat(held.holder().deploymentId()).isEmpty();
        }
    }

    @Test
    void theHolderIsReadWithoutTakingTheLockAndIsGoneWithItsProcess() throws Exception {
        assertThat(AppLock.holder(home(), "shop")).as("never locked").isEmpty();
        Path file;
        try (AppLock held = AppLock.acquire(home(), "shop", FIRST, clock)) {
            file = held.path();
            assertThat(AppLock.holder(home(), "shop")).contains(held.holder());
        }
        assertThat(AppLock.holder(home(), "shop")).as("released").isEmpty();

        // what a holder killed by kill -9 leaves: its body, naming a process that no longer runs
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(file, "{\"deployment_id\":\"" + FIRST + "\",\"pid\":" + gone.pid()
                + ",\"acquired_at\":\"2026-11-22T03:35:12.123Z\"}\n");
        assertThat(AppLock.holder(home(), "shop")).as("its process is gone").isEmpty();

        // a live pid that started at another time than the holder's process is a recycled pid, not the holder
        Files.writeString(file, "{\"deployment_id\":\"" + FIRST + "\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"process_started_at\":\"2001-01-01T00:00:00Z\",\"acquired_at\":\"2026-11-22T03:35:12.123Z\"}\n");
        assertThat(AppLock.holder(home(), "shop")).as("a recycled pid").isEmpty();
    }

    @Test
    void anotherThreadIsRefusedToo() throws Exception {
        try (AppLock held = AppLock.acquire(home(), "shop", FIRST, clock);
             var executor = Executors.newSingleThreadExecutor()) {
            CompletableFuture<Throwable> attempt = CompletableFuture.supplyAsync(() -> {
                try {
                    AppLock.acquire(home(), "shop", SECOND, clock).close();
                    return new AssertionError("a second lock was granted");
                } catch (LockedException refused) {
                    return refused;
                }
            }, executor);

            assertThat(attempt.get()).isInstanceOf(LockedException.class);
            assertThat(held.holder().deploymentId()).contains(FIRST);
        }
    }

    @Test
    void theBodyNamesTheHolderAndIsClearedOnRelease() throws Exception {
        Path file;
        try (AppLock held = AppLock.acquire(home(), "shop", FIRST, clock)) {
            file = held.path();
            assertThat(file).isEqualTo(temp.resolve("home/apps/shop/lock"));
            JsonNode body = StateJson.MAPPER.readTree(Files.readString(file));
            assertThat(body.get("deployment_id").asText()).isEqualTo(FIRST);
            assertThat(body.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(body.get("acquired_at").asText()).isEqualTo("2026-11-22T03:35:12.123Z");
        }
        assertThat(file).exists().isEmptyFile();
        try (AppLock next = AppLock.acquire(home(), "shop", SECOND, clock)) {
            assertThat(next.holder().deploymentId()).contains(SECOND);
        }
    }

    @Test
    void aHolderThatHasJustLockedIsNamedOnceItHasWrittenItsBody() throws Exception {
        // given another process's lock taken a moment ago, its body not written yet
        Path file = Files.createDirectories(temp.resolve("home/apps/shop")).resolve("lock");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock();
             var executor = Executors.newSingleThreadExecutor()) {
            String body = "{\"deployment_id\":\"" + FIRST + "\",\"pid\":4121,\"acquired_at\":\"2026-11-22T03:35:12Z\"}\n";
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    channel.write(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, executor);

            // when a second deploy is refused the lock
            LockedException refused = catchThrowableOfType(LockedException.class,
                    () -> AppLock.acquire(home(), "shop", SECOND, clock));

            // then it names the holder, like a refused resume does
            written.get();
            assertThat(refused.getMessage()).isEqualTo("app 'shop' is locked by deployment " + FIRST
                    + " (pid 4121, since 2026-11-22T03:35:12Z)");
        }
    }

    @Test
    void differentAppsLockIndependently() {
        try (AppLock shop = AppLock.acquire(home(), "shop", FIRST, clock);
             AppLock blog = AppLock.acquire(home(), "blog", SECOND, clock)) {
            assertThat(shop.path()).isNotEqualTo(blog.path());
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        AppLock held = AppLock.acquire(home(), "shop", FIRST, clock);
        held.close();
        held.close();
        AppLock.acquire(home(), "shop", SECOND, clock).close();
    }

    @Test
    void closingOnAnInterruptedThreadStillReleasesAndKeepsTheFlag() {
        AppLock held = AppLock.acquire(home(), "shop", FIRST, clock);
        Thread.currentThread().interrupt();
        try {
            held.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        try (AppLock next = AppLock.acquire(home(), "shop", SECOND, clock)) {
            assertThat(next.holder().deploymentId()).contains(SECOND);
        }
    }

    @Test
    void anAppNameThatIsNotAPathSegmentIsRefused() {
        assertThatThrownBy(() -> AppLock.acquire(home(), "../etc", FIRST, clock))
                .isInstanceOf(InvalidInputException.class).hasMessage("'../etc' is not a valid app name");
        assertThat(temp.resolve("home")).doesNotExist();
    }
}
