package dev.hivemind.runtime.supervisor;

import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one instance is confined ({@link Isolation}): nothing, its app's user in a cgroup of its own, its app's user
 * under rlimits, or a transient systemd service of its own. It wraps the command that starts the instance (after
 * {@code setsid} and {@code nsenter}, which need root; each of the wrappers execs, so the pid stays the process
 * group's) and ends what is left of it.
 */
sealed interface Confinement {

    static Confinement none() {
        return new None();
    }

    static Confinement cgroup(AppUser user, Cgroups.Leaf leaf) {
        return new InCgroup(user, leaf);
    }

    static Confinement rlimit(AppUser user, ResourceLimits limits) {
        return new UnderRlimits(user, limits);
    }

    static Confinement service(AppUser user, TransientService service) {
        return new InService(user, service);
    }

    /** {@code command} (the instance's shell) as it is started. */
    List<String> wrap(List<String> command);

    /**
     * The whole command that starts {@code shell} with {@code environment} in {@code directory}: by default in a
     * process group of its own ({@code setsid}), in {@code namespace} when it has one, then {@link #wrap wrapped}.
     */
    default List<String> command(List<String> shell, Path directory, Map<String, String> environment,
                                 Optional<NetworkNamespace> namespace) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        namespace.ifPresent(own -> command.addAll(own.enter()));
        command.addAll(wrap(shell));
        return command;
    }

    /** The process group of the app's processes, started as {@code pid}: that one by default. */
    default long processGroup(long pid) {
        return pid;
    }

    /**
     * Stops the instance the confinement's own way before its process group is ended; nothing by default (the process
     * group is the instance).
     */
    default void stop() {
    }

    /**
     * Kills what the instance left behind after its process group was ended (a cgroup's stragglers); nothing to do
     * without a cgroup (the default).
     */
    default void killLeftovers() {
    }

    /** Ends what is left and frees what it held once the instance stopped for good; nothing by default. */
    default void release() {
    }

    /** How often its processes were killed for going over the memory limit; empty when that cannot be told. */
    default Optional<Integer> memoryKills() {
        return Optional.empty();
    }

    /** The user it runs as, when it is not the agent's. */
    Optional<String> user();

    record None() implements Confinement {
        @Override
        public List<String> wrap(List<String> command) {
            return command;
        }

        @Override
        public Optional<String> user() {
            return Optional.empty();
        }
    }

    record InCgroup(AppUser owner, Cgroups.Leaf leaf) implements Confinement {
        @Override
        public List<String> wrap(List<String> command) {
            return leaf.join(owner.command(command));
        }

        @Override
        public void killLeftovers() {
            leaf.killAll();
        }

        @Override
        public void release() {
            leaf.remove();
        }

        @Override
        public Optional<Integer> memoryKills() {
            return Optional.of(leaf.memoryKills());
        }

        @Override
        public Optional<String> user() {
            return Optional.of(owner.name());
        }
    }

    /**
     * A transient systemd service of its own ({@link TransientService}): the agent's child is the {@code systemd-run}
     * client, stopping the instance stops the unit.
     */
    record InService(AppUser owner, TransientService service) implements Confinement {
        @Override
        public List<String> wrap(List<String> command) {
            return command;
        }

        @Override
        public List<String> command(List<String> shell, Path directory, Map<String, String> environment,
                                    Optional<NetworkNamespace> namespace) throws IOException {
            List<String> command = new ArrayList<>(List.of("setsid"));
            command.addAll(service.command(shell, owner, directory, environment,
                    namespace.map(NetworkNamespace::path)));
            return command;
        }

        @Override
        public long processGroup(long pid) {
            return service.mainPid().orElse(pid);
        }

        @Override
        public void stop() {
            service.stop();
        }

        @Override
        public void killLeftovers() {
            service.stop();
        }

        @Override
        public void release() {
            service.forget();
        }

        @Override
        public Optional<String> user() {
            return Optional.of(owner.name());
        }
    }

    /**
     * {@code RLIMIT_DATA} bounds each process's data memory (what it wrote to, not what it only reserved, so a JVM or V8
     * still starts) and {@code RLIMIT_NPROC} the tasks of the app's user, all its instances together.
     */
    record UnderRlimits(AppUser owner, ResourceLimits limits) implements Confinement {
        @Override
        public List<String> wrap(List<String> command) {
            List<String> full = new ArrayList<>(List.of("prlimit", "--data=" + limits.memoryBytes(),
                    "--nproc=" + limits.tasks(), "--"));
            full.addAll(owner.command(command));
            return full;
        }

        @Override
        public Optional<String> user() {
            return Optional.of(owner.name());
        }
    }
}
