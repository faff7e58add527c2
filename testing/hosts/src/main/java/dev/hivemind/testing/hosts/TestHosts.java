package dev.hivemind.testing.hosts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Debian 12 servers for a test class, reached over SSH from this machine: each a systemd-nspawn container
 * booting systemd from its own root filesystem (an overlay over the image {@code scripts/test-hosts-image} builds
 * and caches), in its own network namespace with its own address on a private /24 that this machine reaches. A run's
 * hosts share one fresh Ed25519 client key, authorized for {@code root} and {@link TestHost#DEPLOY}. Register it in a
 * static field; the hosts boot before the class's first test and are gone after its last:
 * <pre>
 * &#64;RegisterExtension
 * static final TestHosts HOSTS = TestHosts.boot(2);
 * ...
 * TestHost host = HOSTS.host(0);
 * host.exec("systemctl is-system-running --wait");            // inside the host, as its root
 * host.ssh(TestHost.DEPLOY, "sudo -n true");                  // over SSH from this machine, with host.clientKey()
 * HOSTS.outsider().sshWithPassword(host, TestHost.ALICE, TestHost.ALICE_PASSWORD, "true");
 * </pre>
 * Needs root (the tests are skipped otherwise, with the reason). Several runs, in one JVM or in several checkouts'
 * JVMs, never share a name or a subnet. Nothing of this machine's own sshd, firewall or users is touched: this machine
 * gains one interface ({@code hm<pid>x<n>}) and its route for as long as the run lasts.
 * Outside JUnit (a benchmark), call {@link #start()} and {@link #close()}.
 */
public final class TestHosts implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private final int count;
    private final HostInit init;
    private Optional<HostRun> run = Optional.empty();

    private TestHosts(int count, HostInit init) {
        if (count < 1 || count > Subnet.MAX_HOSTS) {
            throw new IllegalArgumentException("a run has 1 to " + Subnet.MAX_HOSTS + " test hosts, not " + count);
        }
        this.count = count;
        this.init = init;
    }

    /** {@code count} hosts with systemd as init. */
    public static TestHosts boot(int count) {
        return new TestHosts(count, new HostInit.Systemd());
    }

    /**
     * {@code count} hosts without systemd: {@code sshd -D} is PID 1 (in its own mount, PID, UTS, IPC and network
     * namespaces, chrooted into the same image), so {@code systemctl} finds no running systemd, as on a host where
     * HiveMind must supervise its agent itself.
     */
    public static TestHosts bootWithoutSystemd(int count) {
        return new TestHosts(count, new HostInit.SshdOnly());
    }

    /** Why test hosts cannot run here (this JVM is not root), or empty when they can. */
    public static Optional<String> unavailableReason() {
        String uid = Commands.check("id", "-u").strip();
        return uid.equals("0") ? Optional.empty() : Optional.of("test hosts need root (network namespaces,"
                + " systemd-nspawn, mounts) and this JVM runs as uid " + uid + "; run scripts/test as root");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> unavailable = unavailableReason();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElse(""));
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Boots the hosts, unless they run already; returns once each one's sshd answers. */
    public synchronized void start() {
        if (run.isEmpty()) {
            unavailableReason().ifPresent(reason -> {
                throw new TestHostException(reason);
            });
            run = Optional.of(HostRun.boot(count, init));
        }
    }

    /** Stops every host and removes everything the run made (hosts, roots, network namespaces, keys). */
    @Override
    public synchronized void close() {
        run.ifPresent(HostRun::close);
        run = Optional.empty();
    }

    /** The hosts, in order: {@code host0}, {@code host1}, ... */
    public List<TestHost> hosts() {
        return booted().hosts();
    }

    /** Host number {@code index}, from 0 ({@code host0}). */
    public TestHost host(int index) {
        List<TestHost> hosts = hosts();
        if (index < 0 || index >= hosts.size()) {
            throw new IndexOutOfBoundsException("there are " + hosts.size() + " test hosts; host" + index
                    + " is not one");
        }
        return hosts.get(index);
    }

    /** Another machine on the hosts' subnet (made when first asked for), to act as an attacker or a stranger. */
    public Outsider outsider() {
        return booted().outsider();
    }

    /** The run's private key (also each host's {@link TestHost#clientKey()}). */
    public Path clientKey() {
        return booted().clientKey();
    }

    /** This machine's address on the hosts' subnet: where the hosts see its connections come from. */
    public String machineAddress() {
        return booted().machineAddress();
    }

    /** How long booting took, from finding the image to the last host's sshd answering. */
    public Duration bootTime() {
        return booted().bootTime();
    }

    /** The run, for this package's tests. */
    synchronized HostRun run() {
        return booted();
    }

    private synchronized HostRun booted() {
        return run.orElseThrow(() -> new IllegalStateException("the test hosts are not booted: register TestHosts"
                + " in a static field with @RegisterExtension, or call start()"));
    }
}
