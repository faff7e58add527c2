package dev.hivemind.testing.hosts;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One set of test hosts, named by the JVM's pid and a sequence within it, so that several test JVMs (several
 * checkouts) on one machine never share a name. Every name this machine sees (network namespaces, the uplink
 * interface, the run's directory, cgroups) carries the tag {@code <pid>x<sequence>}, which is how leftovers of a run
 * whose JVM died are found again ({@link Reaper}).
 */
record RunId(long pid, int sequence) {
    /** Names this class makes, with the tag in groups 1 and 2. */
    private static final Pattern NAMED =
            Pattern.compile("(?:hivemind-test-hosts-|hivemind-|hm)?(\\d+)x(\\d+)(?:-[a-z0-9-]+)?");
    private static final AtomicInteger SEQUENCES = new AtomicInteger();
    private static final int MAX_INTERFACE_NAME = 15;

    /** A run of this JVM not used before. */
    static RunId next() {
        return new RunId(ProcessHandle.current().pid(), SEQUENCES.incrementAndGet());
    }

    /** The run a name made by this class belongs to, or empty for any other name. */
    static Optional<RunId> named(String name) {
        Matcher matcher = NAMED.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RunId(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    }

    String tag() {
        return pid + "x" + sequence;
    }

    /** The network namespace of one member of the run (a host, the switch, the outsider). */
    String namespace(String member) {
        return "hivemind-" + tag() + "-" + member;
    }

    /** The interface through which this machine reaches the run's subnet; a Linux interface name has 15 bytes. */
    String uplink() {
        String name = "hm" + tag();
        if (name.length() > MAX_INTERFACE_NAME) {
            throw new TestHostException("the interface name " + name + " is longer than 15 bytes");
        }
        return name;
    }

    /** The directory, under the temporary directory, holding the run's host roots and keys. */
    String directory() {
        return "hivemind-test-hosts-" + tag();
    }

    /** The cgroup, under this library's own, that holds one host's processes. */
    String cgroup(String host) {
        return tag() + "-" + host;
    }

    /** Whether this run's JVM is gone (or is this JVM, which no longer runs it), so its leftovers can be removed. */
    boolean abandoned(Set<RunId> liveInThisJvm) {
        if (pid == ProcessHandle.current().pid()) {
            return !liveInThisJvm.contains(this);
        }
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }
}
