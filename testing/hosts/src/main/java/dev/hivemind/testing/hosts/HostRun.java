package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One run of test hosts: its directory, its network, its client key and its hosts, made together and removed
 * together. Whatever a failed boot had made is removed before the failure is thrown; a JVM shutdown (SIGTERM, ^C)
 * removes a run still open, and a run whose JVM was killed is removed by the next run on this machine.
 */
final class HostRun implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HostRun.class.getName());
    private static final String OUTSIDER = "outsider";

    private final RunId run;
    private final Path directory;
    private final List<TestHost> hosts = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "test-hosts-teardown");
    private Optional<HostNetwork> network = Optional.empty();
    private Optional<Outsider> outsider = Optional.empty();
    private Path clientKey = Path.of("");
    private Duration bootTime = Duration.ZERO;
    private boolean closed;

    private HostRun(RunId run, Path directory) {
        this.run = run;
        this.directory = directory;
    }

    /** Boots {@code count} hosts, each with {@code init} as PID 1, and returns once each one's sshd answers. */
    static HostRun boot(int count, HostInit init) {
        Instant started = Instant.now();
        Path image = HostImage.rootfs();
        RunId run = RunId.next();
        Reaper.live(run);
        HostRun hostRun = new HostRun(run, Path.of(System.getProperty("java.io.tmpdir")).resolve(run.directory()));
        Runtime.getRuntime().addShutdownHook(hostRun.shutdownHook);
        try {
            hostRun.create(count, init, image);
            hostRun.bootTime = Duration.between(started, Instant.now());
            LOG.log(Level.INFO, "test hosts {0}: {1} booted in {2} ms on {3}", run.tag(), count,
                    hostRun.bootTime.toMillis(), hostRun.network.orElseThrow().subnet().cidr());
            return hostRun;
        } catch (RuntimeException | Error e) {
            try {
                hostRun.close();
            } catch (RuntimeException teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
    }

    List<TestHost> hosts() {
        return List.copyOf(hosts);
    }

    Path clientKey() {
        return clientKey;
    }

    Duration bootTime() {
        return bootTime;
    }

    RunId id() {
        return run;
    }

    String machineAddress() {
        return network.orElseThrow().machineAddress();
    }

    synchronized Outsider outsider() {
        if (outsider.isEmpty()) {
            HostNetwork hostNetwork = network.orElseThrow();
            String address = hostNetwork.subnet().address(Subnet.OUTSIDER);
            String namespace = hostNetwork.attach(OUTSIDER, address);
            outsider = Optional.of(new Outsider(namespace, address, Outsider.prepareHome(directory.resolve(OUTSIDER))));
        }
        return outsider.get();
    }

    /** Stops every host (in parallel), unmounts their roots, removes the network and the run's directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant started = Instant.now();
        List<RuntimeException> failures = new ArrayList<>(closeHosts());
        network.ifPresent(hostNetwork -> attempt(failures, hostNetwork::close));
        attempt(failures, () -> Reaper.deleteTree(directory));
        Reaper.ended(run);
        removeShutdownHook();
        LOG.log(Level.INFO, "test hosts {0}: torn down in {1} ms", run.tag(),
                Duration.between(started, Instant.now()).toMillis());
        if (!failures.isEmpty()) {
            TestHostException failure = new TestHostException("test hosts run " + run.tag() + " was not torn down"
                    + " completely: " + failures.getFirst().getMessage());
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void create(int count, HostInit init, Path image) {
        createDirectory(directory);
        HostNetwork hostNetwork = HostNetwork.create(run);
        network = Optional.of(hostNetwork);
        clientKey = createClientKey(directory.resolve("id_ed25519"));
        String publicKey = readString(clientKey.resolveSibling("id_ed25519.pub"));
        for (int index = 0; index < count; index++) {
            String name = "host" + index;
            String address = hostNetwork.subnet().address(Subnet.FIRST_HOST + index);
            String namespace = hostNetwork.attach(name, address);
            Path hostDirectory = createDirectory(directory.resolve(name));
            HostCgroup cgroup = HostCgroup.create(run, name);
            HostRoot root = HostRoot.mount(image, hostDirectory, name, publicKey);
            hosts.add(new TestHost(new HostSpec(name, address, namespace, run.namespace(name), init, root, cgroup,
                    clientKey, hostDirectory)));
        }
        hosts.forEach(TestHost::launch);
        hosts.forEach(TestHost::awaitSsh);
    }

    private List<RuntimeException> closeHosts() {
        List<RuntimeException> failures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> closing = hosts.stream().<Future<?>>map(host -> executor.submit(host::close)).toList();
            for (Future<?> host : closing) {
                try {
                    host.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof RuntimeException cause ? cause
                            : new TestHostException("a host did not stop", e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new TestHostException("interrupted while stopping the hosts", e));
                }
            }
        }
        return failures;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Closed by the hook itself.
        }
    }

    private static Path createClientKey(Path key) {
        Commands.check("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hivemind-test-hosts", "-f",
                key.toString());
        return key;
    }

    private static Path createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
