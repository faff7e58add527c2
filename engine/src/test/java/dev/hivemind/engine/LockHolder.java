package dev.hivemind.engine;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.engine.state.AppLock;
import dev.hivemind.engine.state.AppLockIT;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second process for {@link AppLockIT}: takes an app's lock, says so on stdout, and holds it until its stdin
 * closes (or it is killed).
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (AppLock lock = AppLock.acquire(new HivemindHome(Path.of(args[0])), args[1], args[2], Clock.systemUTC())) {
            System.out.println("locked " + lock.holder().pid());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
