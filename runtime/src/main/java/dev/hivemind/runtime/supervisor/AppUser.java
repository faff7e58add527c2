package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The unprivileged system user an app's instances run as when the agent runs as root: {@code hm-<app>-<hash>}, made
 * with {@code useradd --system} (no home, no login shell, a group of its own) the first time the app starts and
 * removed by {@code destroy} once every process it owns has been killed. The hash (of HIVEMIND_HOME and the app) keeps
 * two homes on one machine with an app of the same name apart, and the name within the 32 characters useradd allows.
 *
 * @param name its user name
 * @param uid  its user id
 * @param gid  its group id
 */
public record AppUser(String name, int uid, int gid) {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(10);
    private static final int APP_CHARACTERS = 18;
    private static final Path PROC = Path.of("/proc");
    private static final String COMMENT = "HiveMind app ";

    /** The user name of {@code app} in {@code home}. */
    public static String nameOf(HivemindHome home, String app) {
        String cleaned = app.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String shortened = cleaned.substring(0, Math.min(APP_CHARACTERS, cleaned.length()));
        return "hm-" + shortened + "-" + hash(home.root() + "\0" + app);
    }

    /** The app's user, made now when it does not exist yet. */
    static synchronized AppUser ensure(HivemindHome home, String app) throws IOException {
        String name = nameOf(home, app);
        Optional<AppUser> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                nologin(), "--user-group", "--comment", COMMENT + app, name), "make the user " + name);
        return find(name).orElseThrow(() -> new IOException("useradd made no user " + name));
    }

    /** The user, if it exists. */
    public static Optional<AppUser> find(String name) {
        Optional<Integer> uid = id(name, "-u");
        Optional<Integer> gid = id(name, "-g");
        return uid.isPresent() && gid.isPresent() ? Optional.of(new AppUser(name, uid.get(), gid.get()))
                : Optional.empty();
    }

    /** {@code command} run as this user: {@code setpriv} to its ids, no supplementary groups, no new privileges. */
    List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--no-new-privs", "--"));
        full.addAll(command);
        return full;
    }

    /**
     * SIGKILLs every process whose real or effective user is this one (those that left their process group and session
     * included), until none is left; returns how many were killed.
     */
    int killAll() {
        int killed = 0;
        long deadline = System.nanoTime() + KILL_DEADLINE.toNanos();
        List<Long> owned = processes();
        while (!owned.isEmpty() && System.nanoTime() < deadline) {
            for (long pid : owned) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            sleep();
            owned = processes();
        }
        return killed;
    }

    /** The live (non-zombie) processes this user owns. */
    public List<Long> processes() {
        List<Long> owned = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                if (ownedLive(entry)) {
                    owned.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return owned;
    }

    /**
     * Removes every app user of {@code home} that is left (recognized by its comment, {@code HiveMind app <app>}, and its
     * name), with whatever it still runs: what a purge of the home, or a test, does after its agent is gone.
     */
    public static void removeAllOf(HivemindHome home) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":");
            if (fields.length > 4 && fields[0].startsWith("hm-") && fields[4].startsWith(COMMENT)
                    && fields[0].equals(nameOf(home, fields[4].substring(COMMENT.length())))) {
                Optional<AppUser> user = find(fields[0]);
                if (user.isPresent()) {
                    user.get().remove();
                }
            }
        }
    }

    /** Kills what it still runs and deletes the user (and its group). */
    public void remove() throws IOException {
        killAll();
        run(List.of("userdel", name), "delete the user " + name);
    }

    private boolean ownedLive(Path entry) {
        try {
            String uid = null;
            String state = null;
            for (String line : Files.readAllLines(entry.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line;
                } else if (line.startsWith("State:")) {
                    state = line;
                }
            }
            if (uid == null || state == null || state.contains("Z (zombie)") || state.contains("X (dead)")) {
                return false;
            }
            String[] ids = uid.substring(4).strip().split("\\s+");
            return ids[0].equals(String.valueOf(this.uid)) || ids[1].equals(String.valueOf(this.uid));
        } catch (IOException | RuntimeException e) {
            return false; // it ended while we looked
        }
    }

    private static String nologin() {
        return Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/bin/false";
    }

    private static void run(List<String> command, String what) throws IOException {
        List<String> output = new ArrayList<>();
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(command, Path.of("/"), Map.of(), output::add, TIMEOUT);
            if (outcome.exitCode() != 0) {
                throw new IOException("cannot " + what + ": " + command.getFirst() + " exited with "
                        + outcome.exitCode() + ": " + String.join(" ", outcome.tail()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        }
    }

    private static Optional<Integer> id(String user, String flag) {
        List<String> out = new ArrayList<>();
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(List.of("id", flag, user), Path.of("/"), Map.of(),
                    out::add, TIMEOUT);
            return outcome.exitCode() == 0 && !out.isEmpty() ? Optional.of(Integer.parseInt(out.getFirst().strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
