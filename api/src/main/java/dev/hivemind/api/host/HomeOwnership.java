package dev.hivemind.api.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an existing {@code HIVEMIND_HOME} may be trusted with secrets, checked before a command writes anything
 * there: the home and its {@code agent/}, {@code deployments/}, {@code apps/} and {@code cache/} directories must
 * be the caller's own (by uid, root included), not writable by group or others, and (below the home, which may be a
 * link) not symbolic links; the agent's socket must be the caller's and not a link. Every problem is reported at
 * once with the commands that fix it. Directories that group or others may only read are tightened: their read bits
 * go, their search bits stay (an ACL that lets the PostgreSQL user pass through shows as the group's search bit).
 */
public final class HomeOwnership {
    private static final Path PROC_SELF = Path.of("/proc/self");
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> READ = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private final int uid;

    /** Checks for the user this process runs as (its effective uid). */
    public HomeOwnership() {
        this(uidOf(PROC_SELF));
    }

    HomeOwnership(int uid) {
        this.uid = uid;
    }

    /** A directory whose read bits for group and others were removed, with its mode before and after. */
    public record Tightened(Path directory, String before, String after) { }

    /**
     * Refuses {@code home} when another user owns it or a part of it, or others may write there; tightens the
     * directories others may read. A home that does not exist yet is fine: it is created 0700.
     *
     * @return the directories tightened
     * @throws InvalidInputException naming every problem and the commands that fix them
     */
    public List<Tightened> secure(HivemindHome home) {
        if (!Files.exists(home.root())) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Set<String> fixes = new LinkedHashSet<>();
        checkDirectory(home.root(), true, problems, fixes);
        for (Path directory : List.of(home.agent(), home.deployments(), home.apps(), home.cache())) {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                checkDirectory(directory, false, problems, fixes);
            }
        }
        checkSocket(home.agentSocket(), problems, fixes);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, "HIVEMIND_HOME " + home.root()
                    + " cannot be trusted with secrets: " + String.join("; ", problems),
                    "Checking HIVEMIND_HOME before anything is written to it",
                    "Run " + String.join(" && ", fixes) + ", or point HIVEMIND_HOME at a directory of your own");
        }
        return tighten(home);
    }

    private void checkDirectory(Path directory, boolean followLink, List<String> problems, Set<String> fixes) {
        if (!followLink && Files.isSymbolicLink(directory)) {
            problems.add(directory + " is a symbolic link (to " + target(directory) + ")");
            fixes.add("rm " + directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            problems.add(directory + " is not a directory");
            fixes.add("rm " + directory);
            return;
        }
        int owner = uidOf(directory);
        if (owner != uid) {
            problems.add(directory + " is owned by " + user(directory, owner) + ", not by you (uid " + uid + ")");
            fixes.add("chown -R " + uid + " " + directory);
        }
        Set<PosixFilePermission> mode = mode(directory);
        if (mode.stream().anyMatch(WRITE::contains)) {
            problems.add(directory + " is writable by " + whoMayWrite(mode) + " (" + PosixFilePermissions.toString(mode)
                    + ")");
            fixes.add("chmod 700 " + directory);
        }
    }

    private void checkSocket(Path socket, List<String> problems, Set<String> fixes) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(socket.getParent())) {
            return;
        }
        if (Files.isSymbolicLink(socket)) {
            problems.add(socket + " is a symbolic link (to " + target(socket) + ")");
            fixes.add("rm " + socket);
            return;
        }
        int owner = uidOf(socket);
        if (owner != uid) {
            problems.add(socket + " is owned by " + user(socket, owner) + ", not by you (uid " + uid
                    + "): another user's agent may be listening on it");
            fixes.add("rm " + socket);
        }
    }

    private static List<Tightened> tighten(HivemindHome home) {
        List<Tightened> tightened = new ArrayList<>();
        for (Path directory : List.of(home.root(), home.agent(), home.deployments(), home.apps(), home.cache())) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            Set<PosixFilePermission> mode = mode(directory);
            if (mode.stream().anyMatch(READ::contains)) {
                Set<PosixFilePermission> after = EnumSet.copyOf(mode);
                after.removeAll(READ);
                try {
                    Files.setPosixFilePermissions(directory, after);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot chmod " + directory + ": " + e.getMessage(), e);
                }
                tightened.add(new Tightened(directory, PosixFilePermissions.toString(mode),
                        PosixFilePermissions.toString(after)));
            }
        }
        return tightened;
    }

    private static String whoMayWrite(Set<PosixFilePermission> mode) {
        boolean group = mode.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = mode.contains(PosixFilePermission.OTHERS_WRITE);
        return group && others ? "group and others" : group ? "its group" : "others";
    }

    private static String user(Path path, int owner) {
        String name = Optional.ofNullable(ownerName(path)).filter(found -> !found.equals(String.valueOf(owner)))
                .map(found -> " (" + found + ")").orElse("");
        return "uid " + owner + name;
    }

    private static String ownerName(Path path) {
        try {
            return Files.getOwner(path).getName();
        } catch (IOException e) {
            return null;
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static Set<PosixFilePermission> mode(Path directory) {
        try {
            return Files.getPosixFilePermissions(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + directory + ": " + e.getMessage(), e);
        }
    }

    private static int uidOf(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }
}
