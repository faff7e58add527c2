package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.UserAccess;
import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * How the agent keeps apps apart, decided once when it starts. As root, each app runs as its own system user
 * ({@link AppUser}) that may read its release directory and nothing else of HIVEMIND_HOME, and each instance is
 * limited in memory and tasks: where the agent itself runs under systemd, each instance is a transient service of its
 * own with those limits and systemd's sandboxing ({@link TransientService}, {@link Mode#SYSTEMD}); otherwise by a cgroup
 * of its own ({@link Cgroups}, {@link Mode#CGROUP}) where the machine lets the agent make one, else by rlimits ({@link Mode#RLIMIT}: {@code RLIMIT_DATA} per process, {@code RLIMIT_NPROC} for the
 * app's user). Not as root ({@link Mode#NONE}) apps run as the agent's user, without limits, as before.
 */
public final class Isolation {
    private static final System.Logger LOG = System.getLogger(Isolation.class.getName());

    /** How instances are confined. */
    public enum Mode { NONE, SYSTEMD, CGROUP, RLIMIT }

    private static final Path SYSTEMD_RUNTIME = Path.of("/run/systemd/system");
    private static final Path UNIFIED_CONTROLLERS = Path.of("/sys/fs/cgroup/cgroup.controllers");

    private final Mode mode;
    private final String why;
    private final HivemindHome home;
    private final Optional<Cgroups> cgroups;
    private final boolean enforcedBySystemd;
    private final List<Path> shared;
    private final Set<String> granted = ConcurrentHashMap.newKeySet();

    private Isolation(Mode mode, String why, HivemindHome home, Optional<Cgroups> cgroups, List<Path> shared) {
        this(mode, why, home, cgroups, false, shared);
    }

    private Isolation(Mode mode, String why, HivemindHome home, Optional<Cgroups> cgroups, boolean enforcedBySystemd,
                      List<Path> shared) {
        this.mode = mode;
        this.why = why;
        this.home = home;
        this.cgroups = cgroups;
        this.enforcedBySystemd = enforcedBySystemd;
        this.shared = List.copyOf(shared);
    }

    /**
     * What this process can do: nothing as an ordinary user; as root under systemd, transient services; as root
     * otherwise, cgroups where they can be made, else rlimits.
     * {@code shared} are what every app may read and run: the static file server's script, the Java and class path it
     * runs.
     */
    public static Isolation detect(HivemindHome home, List<Path> shared) {
        return detect(home, shared, root(), underSystemd());
    }

    /** As {@link #detect(HivemindHome, List)}, told whether this process is root. */
    static Isolation detect(HivemindHome home, List<Path> shared, boolean root, boolean systemd) {
        if (!root) {
            return new Isolation(Mode.NONE, "the agent does not run as root (it runs as "
                    + System.getProperty("user.name") + "), so apps run as its user, without limits", home,
                    Optional.empty(), shared);
        }
        if (systemd) {
            Optional<String> missing = missingControllers();
            return new Isolation(Mode.SYSTEMD, missing.orElse(""), home, Optional.empty(), missing.isEmpty(), shared);
        }
        Cgroups.Result found = Cgroups.detect();
        if (found.cgroups().isPresent()) {
            return new Isolation(Mode.CGROUP, "", home, found.cgroups(), shared);
        }
        return new Isolation(Mode.RLIMIT, found.why(), home, Optional.empty(), shared);
    }

    public Mode mode() {
        return mode;
    }

    /** One line for {@code status}: who the app runs as and what bounds it. */
    public String describe(String app, ResourceLimits limits) {
        return switch (mode) {
            case NONE -> "not isolated: " + why;
            case SYSTEMD -> "runs as user " + AppUser.nameOf(home, app) + "; each instance a transient systemd "
                    + "service sandboxed with " + String.join(", ", TransientService.SANDBOX.subList(0, 3))
                    + (enforcedBySystemd ? " and limited to " + limits.memory() + " of memory and " + limits.tasks()
                    + " tasks (MemoryMax, TasksMax)" : ", limited by rlimits (" + why + "): " + limits.memory()
                    + " of data memory per process (LimitDATA), " + limits.tasks() + " tasks for the app's user "
                    + "(LimitNPROC)");
            case CGROUP -> "runs as user " + AppUser.nameOf(home, app) + "; each instance limited by cgroup v1 to "
                    + limits.memory() + " of memory and " + limits.tasks() + " tasks";
            case RLIMIT -> "runs as user " + AppUser.nameOf(home, app) + "; limited by rlimits (" + why + "): "
                    + limits.memory() + " of data memory per process (RLIMIT_DATA), " + limits.tasks()
                    + " tasks for the app's user (RLIMIT_NPROC)";
        };
    }

    /**
     * Prepares an instance of {@code app} from {@code directory}: its user (made if new) may read its release
     * directory; its cgroup is made with the limits. Nothing is done as an ordinary user.
     */
    Confinement confine(String app, Path directory, String releaseId, int replica, ResourceLimits limits,
                        Duration grace) throws IOException {
        if (mode == Mode.NONE) {
            return Confinement.none();
        }
        AppUser user = AppUser.ensure(home, app);
        grant(user, directory);
        if (mode == Mode.SYSTEMD) {
            TransientService service = service(user, releaseId, replica, limits, grace);
            service.stop(); // a unit of that name left running by an agent that never recorded it
            return Confinement.service(user, service);
        }
        if (cgroups.isPresent()) {
            Cgroups.Leaf leaf = cgroups.get().leaf(user.name(), releaseId, replica);
            leaf.create(limits);
            return Confinement.cgroup(user, leaf);
        }
        return Confinement.rlimit(user, limits);
    }

    /** The confinement of an instance a previous agent started (its unit named by it, or its cgroup read from /proc). */
    Confinement adopted(String app, String releaseId, int replica, long pid, ResourceLimits limits, Duration grace) {
        if (mode == Mode.NONE) {
            return Confinement.none();
        }
        Optional<AppUser> user = AppUser.find(AppUser.nameOf(home, app));
        if (user.isEmpty()) {
            return Confinement.none();
        }
        if (mode == Mode.SYSTEMD) {
            return Confinement.service(user.get(), service(user.get(), releaseId, replica, limits, grace));
        }
        Optional<Cgroups.Leaf> leaf = Cgroups.of(pid);
        return leaf.map(found -> Confinement.cgroup(user.get(), found))
                .orElseGet(() -> Confinement.rlimit(user.get(), limits));
    }

    /**
     * What {@code destroy} does once the app's instances were stopped: every process its user still owns is killed
     * (children that left their process group and session included), the ACL entries it was given are removed, then
     * the user. Returns how many processes were left and killed.
     */
    public int removeApp(String app, Collection<Path> directories) {
        if (mode == Mode.NONE) {
            return 0;
        }
        Optional<AppUser> user = AppUser.find(AppUser.nameOf(home, app));
        if (user.isEmpty()) {
            return 0;
        }
        if (mode == Mode.SYSTEMD) {
            TransientService.stopAll(user.get().name());
            forgetUnits(user.get().name());
        }
        int killed = user.get().killAll();
        List<Path> reached = new ArrayList<>(directories);
        directories.forEach(directory -> reached.addAll(linkedFrom(directory)));
        reached.addAll(shared);
        reached.forEach(path -> UserAccess.revoke(user.get().uid(), path));
        granted.removeIf(key -> key.startsWith(user.get().uid() + ":"));
        cgroups.ifPresent(found -> found.removeUser(user.get().name()));
        try {
            user.get().remove();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
        return killed;
    }

    private TransientService service(AppUser user, String releaseId, int replica, ResourceLimits limits,
                                     Duration grace) {
        String unit = TransientService.unitOf(user.name(), releaseId, replica);
        return new TransientService(unit, units().resolve(unit + ".env"), limits, enforcedBySystemd, grace);
    }

    /** Where the instances' environment files are: the agent's own directory, root's. */
    private Path units() {
        return home.agent().resolve("units");
    }

    private void forgetUnits(String user) {
        try (Stream<Path> files = Files.list(units())) {
            for (Path file : files.filter(file -> file.getFileName().toString()
                    .startsWith(TransientService.unitPrefix(user))).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // no unit was started yet
        }
    }

    /**
     * Whether this agent runs as a systemd service (systemd gave it an invocation id, and is the init) that can start
     * others ({@code systemd-run}).
     */
    private static boolean underSystemd() {
        return System.getenv("INVOCATION_ID") != null && Files.isDirectory(SYSTEMD_RUNTIME)
                && Stream.of("/usr/bin/systemd-run", "/bin/systemd-run").map(Path::of).anyMatch(Files::isExecutable);
    }

    /**
     * Why systemd cannot enforce {@code MemoryMax=} and {@code TasksMax=} here: the cgroup v2 hierarchy lacks the
     * memory or pids controller (a hybrid host's v2 mount, or a container on one); empty when it has both.
     */
    static Optional<String> missingControllers() {
        try {
            String listed = Files.readString(UNIFIED_CONTROLLERS).strip();
            List<String> controllers = listed.isEmpty() ? List.of() : List.of(listed.split("\\s+"));
            List<String> missing = Stream.of("memory", "pids").filter(name -> !controllers.contains(name)).toList();
            return missing.isEmpty() ? Optional.empty() : Optional.of("the cgroup v2 hierarchy has no "
                    + String.join(" or ", missing) + " controller (" + UNIFIED_CONTROLLERS + ": "
                    + (controllers.isEmpty() ? "none" : String.join(" ", controllers)) + ")");
        } catch (IOException e) {
            return Optional.of("no cgroup v2 hierarchy at /sys/fs/cgroup");
        }
    }

    /** Lets the user reach and read its release directory and the shared files, once per agent. */
    private void grant(AppUser user, Path directory) throws IOException {
        try {
            // at every start: something may have chmod-ed a directory above since (which clears the ACL's mask)
            UserAccess.grantTraversal(user.uid(), directory);
            if (granted.add(user.uid() + ":" + directory)) {
                closeToOthers(directory);
                UserAccess.grantTree(user.uid(), directory);
                for (Path target : linkedFrom(directory)) {
                    if (!UserAccess.readableByAnyone(target)) {
                        UserAccess.grantTraversal(user.uid(), target);
                    }
                }
            }
            for (Path path : shared) {
                if (granted.add(user.uid() + ":" + path) && Files.exists(path) && !UserAccess.readableByAnyone(path)) {
                    UserAccess.grantTraversal(user.uid(), path);
                    if (Files.isDirectory(path)) {
                        UserAccess.grantReadTree(user.uid(), path);
                    } else {
                        UserAccess.grantRead(user.uid(), path);
                    }
                }
            }
        } catch (UserAccess.AccessException e) {
            granted.remove(user.uid() + ":" + directory);
            throw new IOException("cannot let " + user.name() + " read its release " + directory + ": "
                    + e.getMessage() + "; install acl (setfacl) on a file system with ACLs", e);
        }
    }

    /**
     * What symbolic links in the tree point to outside it (a virtual environment's interpreter, say
     * {@code .venv/bin/python -> /root/.pyenv/versions/3.11.7/bin/python3.11}): the app's user is let through the
     * directories above each, so the release runs as it did when it was built.
     */
    private static List<Path> linkedFrom(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(Files::isSymbolicLink).map(Isolation::realPath).flatMap(Optional::stream)
                    .filter(target -> !target.startsWith(directory)).distinct().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // the release is being removed
        }
    }

    private static Optional<Path> realPath(Path link) {
        try {
            return Optional.of(link.toRealPath());
        } catch (IOException dangling) {
            return Optional.empty();
        }
    }

    /**
     * The release directory's group and others lose all access (before the ACL is set, which recomputes the mask), so
     * no other app's user reaches into it whatever the directories above allow.
     */
    private static void closeToOthers(Path directory) throws IOException {
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(directory));
        mode.retainAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        Files.setPosixFilePermissions(directory, mode);
    }

    private static boolean root() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
