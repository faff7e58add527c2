package dev.hivemind.api.host;

import dev.hivemind.api.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POSIX ACL entries ({@code setfacl}) that let one other user reach exactly what it needs inside directories that stay
 * 0700 to everyone else: HiveMind runs as root and gives a service's own user (PostgreSQL's, an app's) search
 * ({@code x}) through the directories above its files, so it can reach them but neither list nor read anything else
 * of HIVEMIND_HOME. Entries name the numeric user id and are removed with the user.
 */
public final class UserAccess {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private UserAccess() {
    }

    /** Why an ACL could not be changed: {@code setfacl} is missing or refused (a file system without ACLs). */
    public static final class AccessException extends Exception {
        AccessException(String message) {
            super(message);
        }
    }

    /** Search ({@code x}) for {@code uid} on every directory above {@code path} that others may not enter. */
    public static void grantTraversal(int uid, Path path) throws AccessException {
        for (Path parent : closedParents(path)) {
            setfacl(List.of("setfacl", "-m", "u:" + uid + ":x", parent.toString()), parent);
        }
    }

    /**
     * {@code uid} may read (and run what is executable) every file of the tree under {@code directory} and create files
     * in its directories; symbolic links are not followed, and no existing file becomes writable (a file may be a hard
     * link shared with another release's tree).
     */
    public static void grantTree(int uid, Path directory) throws AccessException {
        setfacl(List.of("/bin/sh", "-c", "find \"$1\" -type d -exec setfacl -m \"u:$2:rwx\" {} + && "
                + "find \"$1\" -type f -exec setfacl -m \"u:$2:rX\" {} +", "sh", directory.toString(),
                String.valueOf(uid)), directory);
    }

    /** {@code uid} may read every file under {@code directory} and list its directories, and change nothing. */
    public static void grantReadTree(int uid, Path directory) throws AccessException {
        setfacl(List.of("/bin/sh", "-c", "find \"$1\" -type d -exec setfacl -m \"u:$2:rx\" {} + && "
                + "find \"$1\" -type f -exec setfacl -m \"u:$2:rX\" {} +", "sh", directory.toString(),
                String.valueOf(uid)), directory);
    }

    /**
     * Whether {@code directory} is as private as 0700 but for search ({@code x}, no read or write) granted by ACL
     * entries to named users (a service's or an app's own user passing through): its owning group and others have
     * nothing. Without ACL entries that is mode 0700 itself.
     */
    public static boolean privateButPassable(Path directory) {
        if (PrivateFiles.mode(directory).equals("rwx------")) {
            return true;
        }
        return aclEntries(directory).filter(entries -> entries.stream()
                .allMatch(line -> line.equals("user::rwx") || line.equals("group::---") || line.equals("other::---")
                        || line.equals("mask::--x") || line.matches("user:\\d+:--x"))).isPresent();
    }

    /**
     * {@code getfacl -cpn}'s entries for {@code path}, one per line without comments or effective-rights notes
     * ({@code user:105:--x}); empty when getfacl is missing or cannot read it.
     */
    public static Optional<List<String>> aclEntries(Path path) {
        List<String> lines = new ArrayList<>();
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(List.of("getfacl", "-cpn", path.toString()),
                    Path.of("/"), Map.of(), lines::add, TIMEOUT);
            if (outcome.exitCode() != 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(lines.stream().map(line -> line.replaceAll("\\s*#.*$", "").strip())
                .filter(line -> !line.isEmpty()).toList());
    }

    /** Whether any user may already reach and read {@code path}: no ACL is needed for it. */
    public static boolean readableByAnyone(Path path) {
        try {
            return closedParents(path).isEmpty()
                    && Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code uid} may read {@code file} (and run it when it is executable). */
    public static void grantRead(int uid, Path file) throws AccessException {
        setfacl(List.of("setfacl", "-m", "u:" + uid + ":rX", file.toString()), file);
    }

    /** Removes every entry of {@code uid} from {@code path} (when it still exists) and the directories above it. */
    public static void revoke(int uid, Path path) {
        List<Path> paths = new ArrayList<>(closedParents(path));
        if (Files.exists(path)) {
            paths.add(path);
        }
        for (Path each : paths) {
            try {
                setfacl(List.of("setfacl", "-x", "u:" + uid, each.toString()), each);
            } catch (AccessException e) {
                // no entry to remove, or no ACLs here: nothing was granted
            }
        }
    }

    /** The directories above {@code path} (nearest last) that others may not enter. */
    private static List<Path> closedParents(Path path) {
        List<Path> closed = new ArrayList<>();
        for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (!othersMayEnter(parent)) {
                closed.addFirst(parent);
            }
        }
        return closed;
    }

    private static void setfacl(List<String> command, Path path) throws AccessException {
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(command, Path.of("/"), Map.of(), Progress.none(),
                    TIMEOUT);
            if (outcome.exitCode() != 0) {
                throw new AccessException("setfacl on " + path + " failed: " + String.join(" ", outcome.tail()));
            }
        } catch (IOException notInstalled) {
            throw new AccessException("setfacl is not installed (" + notInstalled.getMessage() + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AccessException("interrupted while changing the ACL of " + path);
        }
    }

    private static boolean othersMayEnter(Path directory) {
        try {
            return Files.getPosixFilePermissions(directory).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            return false;
        }
    }
}
