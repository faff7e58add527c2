package dev.hivemind.target.local;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.ProcessRunner;
import dev.hivemind.api.host.UserAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The operating-system user a private PostgreSQL cluster runs as. PostgreSQL refuses to run as root, so when HiveMind
 * runs as root the cluster runs as the {@code postgres} system user (which Debian's postgresql package creates; else
 * {@code nobody}): its commands are started through {@code setpriv}, the cluster directory is owned by that user,
 * and each directory above it (HIVEMIND_HOME's, which stay 0700 to everyone else) lets that user only pass through,
 * by a POSIX ACL entry ({@code setfacl -m u:postgres:x}). When HiveMind runs as an ordinary user, the cluster runs
 * as that user and nothing is switched.
 *
 * @param name     the user's name
 * @param uid      its user id
 * @param gid      its primary group id
 * @param switched whether commands are run as it through {@code setpriv} (HiveMind runs as root)
 */
record ServiceUser(String name, int uid, int gid, boolean switched) {
    private static final List<String> ROOT_CANDIDATES = List.of("postgres", "nobody");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    /** The user for this process: itself, or {@code postgres}/{@code nobody} when it is root. */
    static ServiceUser forThisProcess() {
        int euid = attribute(Path.of("/proc/self"), "unix:uid");
        if (euid != 0) {
            return new ServiceUser(System.getProperty("user.name"), euid, attribute(Path.of("/proc/self"), "unix:gid"),
                    false);
        }
        for (String candidate : ROOT_CANDIDATES) {
            Optional<Integer> uid = id(candidate, "-u");
            Optional<Integer> gid = id(candidate, "-g");
            if (uid.isPresent() && gid.isPresent()) {
                return new ServiceUser(candidate, uid.get(), gid.get(), true);
            }
        }
        throw new InfrastructureException(Agent.PROVISIONER, "HiveMind runs as root and there is neither a postgres "
                + "nor a nobody user for PostgreSQL to run as (it refuses root)", "Choosing who runs the database",
                "apt-get install postgresql (it creates the postgres user), or run HiveMind as an ordinary user");
    }

    /** {@code command} as this user would run it. */
    List<String> command(List<String> command) {
        if (!switched) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--"));
        full.addAll(command);
        return full;
    }

    /** Makes {@code directory} (0700) and everything in it this user's. */
    void own(Path directory) {
        if (!switched) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.toList()) {
                Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + directory + " to " + name, e);
        }
    }

    /**
     * Lets this user pass through every directory above {@code directory} that others may not enter, by an ACL entry
     * granting search ({@code x}) only: it can reach its cluster, not list or read HIVEMIND_HOME.
     */
    void grantTraversal(Path directory) {
        if (!switched) {
            return;
        }
        try {
            UserAccess.grantTraversal(uid, directory);
        } catch (UserAccess.AccessException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "cannot let the " + name + " user pass through the "
                    + "directories above " + directory + " to reach its PostgreSQL cluster: " + e.getMessage(),
                    "Giving the database its directory", "apt-get install acl (for setfacl) on a file system with "
                    + "ACLs, or run HiveMind as an ordinary user");
        }
    }

    private static Optional<Integer> id(String user, String flag) {
        try {
            List<String> out = new ArrayList<>();
            ProcessRunner.Outcome outcome = ProcessRunner.run(List.of("id", flag, user), Path.of("/"), Map.of(),
                    out::add, COMMAND_TIMEOUT);
            return outcome.exitCode() == 0 && !out.isEmpty() ? Optional.of(Integer.parseInt(out.getFirst().trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int attribute(Path path, String name) {
        try {
            return (Integer) Files.getAttribute(path, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + path, e);
        }
    }
}
