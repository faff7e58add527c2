package dev.hivemind.engine.preflight;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.engine.state.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Preflight's checks of HIVEMIND_HOME: enough free space, and write access. */
public final class DiskSpace {
    private final long warnBytes;
    private final long failBytes;

    public DiskSpace(long warnBytes, long failBytes) {
        this.warnBytes = warnBytes;
        this.failBytes = failBytes;
    }

    /** The space of the file system {@code home} is (or, before it is created, will be) on. */
    PreflightCheck check(Path home) {
        try {
            return judge(Files.getFileStore(existing(home)).getUsableSpace(), home);
        } catch (IOException error) {
            return new PreflightCheck("disk", false, true, "cannot read the free space of " + home + ": "
                    + IoErrors.describe(error), "Check that " + home + " exists and is readable");
        }
    }

    /** Fails under {@code failBytes} free, warns under {@code warnBytes}. */
    public PreflightCheck judge(long usableBytes, Path home) {
        String free = human(usableBytes) + " free in " + home;
        String remedy = "Free disk space, or point HIVEMIND_HOME at a larger file system";
        if (usableBytes < failBytes) {
            return new PreflightCheck("disk", false, true, free + ", below the " + human(failBytes) + " needed",
                    remedy);
        }
        if (usableBytes < warnBytes) {
            return new PreflightCheck("disk", false, false, free + ", below the " + human(warnBytes)
                    + " recommended", remedy);
        }
        return new PreflightCheck("disk", true, true, free, remedy);
    }

    private static Path existing(Path home) {
        Path existing = home.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return existing;
    }

    static PreflightCheck writeAccess(Path home) {
        try {
            Path probe = Files.createTempFile(PrivateFiles.directory(home), ".preflight-", ".tmp");
            Files.delete(probe);
            return new PreflightCheck("write access", true, true, home + " is writable", "");
        } catch (IOException error) {
            return new PreflightCheck("write access", false, true, "cannot write in " + home + ": "
                    + IoErrors.describe(error), "Make " + home + " a directory you own (chmod 700), "
                    + "or set HIVEMIND_HOME to one");
        }
    }

    public static String human(long bytes) {
        double value = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
