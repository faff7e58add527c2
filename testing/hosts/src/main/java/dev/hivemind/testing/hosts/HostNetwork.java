package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The private network of one run: a bridge in a network namespace of its own (the "switch"), this machine on it
 * through one veth pair ({@code hm<tag>}, address {@code .1}), and each member (host, outsider) in its own network
 * namespace, its {@code eth0} plugged into the bridge. The bridge lives outside this machine's namespace so that
 * traffic between members never passes this machine's firewall (br_netfilter would send it through the FORWARD
 * chain, which Docker sets to DROP), and this machine gains one interface and one route, nothing else.
 */
final class HostNetwork implements AutoCloseable {
    private static final Path LOCK = Path.of("/run/lock/hivemind-test-hosts.lock");
    private static final Object JVM_LOCK = new Object();
    private static final String SWITCH = "switch";
    private static final String BRIDGE = "br0";

    private final RunId run;
    private final Subnet subnet;
    private final List<String> namespaces = new ArrayList<>();

    private HostNetwork(RunId run, Subnet subnet) {
        this.run = run;
        this.subnet = subnet;
    }

    /**
     * Picks a /24 nobody on this machine uses and puts this machine on it. Runs under a lock every run on this
     * machine takes, so two runs never pick the same one: the next one sees this one's address.
     */
    static HostNetwork create(RunId run) {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(LOCK.getParent());
                try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    return createLocked(run);
                }
            } catch (IOException e) {
                throw new TestHostException("cannot take the lock " + LOCK + ": " + e.getMessage(), e);
            }
        }
    }

    private static HostNetwork createLocked(RunId run) {
        Reaper.reapAbandoned();
        Subnet subnet = Subnet.firstFree(Commands.check("ip", "-o", "-4", "addr"),
                Commands.check("ip", "-4", "route", "show", "table", "all"))
                .orElseThrow(() -> new TestHostException("every 10.213-254.x.0/24 is in use on this machine"));
        HostNetwork network = new HostNetwork(run, subnet);
        try {
            network.createSwitch();
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    Subnet subnet() {
        return subnet;
    }

    /** This machine's address on the subnet. */
    String machineAddress() {
        return subnet.address(Subnet.MACHINE);
    }

    /**
     * Makes the network namespace of {@code member}, plugged into the switch with {@code address} on its eth0.
     *
     * @return the namespace's name ({@code /run/netns/<name>})
     */
    String attach(String member, String address) {
        String namespace = addNamespace(member);
        // The switch's end of the cable is named after the member (host names are short: host0, outsider).
        ip("-n", namespace(SWITCH), "link", "add", member, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("-n", namespace(SWITCH), "link", "set", member, "master", BRIDGE, "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        return namespace;
    }

    /** Removes this machine's interface and every namespace of the run (which takes their interfaces along). */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        if (Commands.run(List.of("ip", "link", "show", run.uplink()), Commands.SHORT).ok()) {
            collect(failures, () -> ip("link", "del", run.uplink()));
        }
        List<String> existing = List.of(Commands.check("ip", "netns", "list").split("\n"));
        for (String namespace : namespaces.reversed()) {
            if (existing.stream().anyMatch(line -> line.split(" ")[0].equals(namespace))) {
                collect(failures, () -> ip("netns", "del", namespace));
            }
        }
        namespaces.clear();
        if (!failures.isEmpty()) {
            TestHostException failure = new TestHostException("the network of run " + run.tag()
                    + " was not removed completely: " + failures.getFirst().getMessage());
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void createSwitch() {
        String switchNamespace = addNamespace(SWITCH);
        ip("-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge");
        ip("-n", switchNamespace, "link", "set", BRIDGE, "up");
        ip("link", "add", run.uplink(), "type", "veth", "peer", "name", "uplink", "netns", switchNamespace);
        ip("-n", switchNamespace, "link", "set", "uplink", "master", BRIDGE, "up");
        ip("addr", "add", machineAddress() + "/24", "dev", run.uplink());
        ip("link", "set", run.uplink(), "up");
    }

    private String addNamespace(String member) {
        String namespace = namespace(member);
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        return namespace;
    }

    private String namespace(String member) {
        return run.namespace(member);
    }

    private static void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Commands.check(command.toArray(String[]::new));
    }

    private static void collect(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
