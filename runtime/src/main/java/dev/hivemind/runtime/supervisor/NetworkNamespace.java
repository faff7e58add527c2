package dev.hivemind.runtime.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The network namespace of one instance, {@code /run/netns/hivemind-instance-<slot>}, made with {@code ip} (iproute2)
 * when the agent runs as root: a veth pair joins it to the host, {@code hmv<slot>} on the host with the first address of the
 * slot's /30 in 169.254.0.0/17 (link-local: never routed off the machine, and below 169.254.169.254), {@code eth0}
 * inside with the second, plus the namespace's own loopback. The instance listens on whatever port it likes there;
 * the proxy reaches it at {@link #address()}, and it reaches this machine at {@link #hostAddress()} (its default
 * route) but nothing beyond it, and nothing on the host's loopback. A slot is claimed by creating its namespace, which
 * fails when another agent holds it, so agents on one machine never share one.
 *
 * @param slot the namespace's number, 0 to 8191
 */
public record NetworkNamespace(int slot) {
    static final int SLOTS = 8192;
    private static final Path NAMESPACES = Path.of("/run/netns");
    private static final String PREFIX = "hivemind-instance-";
    private static final Optional<Path> IP = tool("ip");
    private static final Optional<Path> NSENTER = tool("nsenter");

    public NetworkNamespace {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("a network namespace slot must be 0-" + (SLOTS - 1) + ", got " + slot);
        }
    }

    /** {@code hivemind-instance-<slot>}. */
    public String name() {
        return PREFIX + slot;
    }

    /** The host's end of the veth pair. */
    String hostInterface() {
        return "hmv" + slot;
    }

    /** The host's address on the link: the instance's default route. */
    public String hostAddress() {
        return ipv4(1);
    }

    /** The instance's own address, where the proxy and the probes reach it. */
    public String address() {
        return ipv4(2);
    }

    private String ipv4(int offset) {
        int base = slot * 4;
        return "169.254." + (base >> 8) + "." + ((base & 255) + offset);
    }

    /** The command prefix that runs a command inside the namespace (nsenter keeps the pid: it execs the command). */
    /** Its file under {@code /run/netns}. */
    Path path() {
        return NAMESPACES.resolve(name());
    }

    List<String> enter() {
        return List.of(NSENTER.map(Path::toString).orElse("nsenter"), "--net=" + NAMESPACES.resolve(name()));
    }

    /** Whether this agent can make namespaces: it runs as root and has {@code ip} and {@code nsenter}. */
    public static boolean supported() {
        return unsupportedBecause().isEmpty();
    }

    /** Why {@link #supported()} is false, for the agent's answers and logs. */
    public static Optional<String> unsupportedBecause() {
        if (!root()) {
            return Optional.of("the agent does not run as root");
        }
        if (IP.isEmpty()) {
            return Optional.of("ip is not installed (apt-get install iproute2)");
        }
        return NSENTER.isEmpty() ? Optional.of("nsenter is not installed (apt-get install util-linux)")
                : Optional.empty();
    }

    /** Claims the first free slot and sets its namespace up; throws when none can be made. */
    static NetworkNamespace create() throws IOException {
        Optional<String> unsupported = unsupportedBecause();
        if (unsupported.isPresent()) {
            throw new IOException("cannot give the instance a network namespace of its own: " + unsupported.get());
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            if (Files.exists(NAMESPACES.resolve(PREFIX + slot))) {
                continue;
            }
            NetworkNamespace namespace = new NetworkNamespace(slot);
            if (ip(List.of(ip(), "netns", "add", namespace.name()), "").isEmpty()) {
                namespace.setUp();
                return namespace;
            }
        }
        throw new IOException("all " + SLOTS + " network namespaces " + PREFIX + "0 to " + PREFIX + (SLOTS - 1)
                + " are taken; ip netns list shows them");
    }

    private void setUp() throws IOException {
        Optional<String> failed = ip(List.of(ip(), "-batch", "-"), String.join("\n",
                "link add " + hostInterface() + " type veth peer name eth0 netns " + name(),
                "addr add " + hostAddress() + "/30 dev " + hostInterface(),
                "link set " + hostInterface() + " up") + "\n")
                .or(() -> inside(String.join("\n", "addr add " + address() + "/30 dev eth0", "link set eth0 up",
                        "link set lo up", "route add default via " + hostAddress()) + "\n"));
        if (failed.isPresent()) {
            delete();
            throw new IOException("cannot set up the network namespace " + name() + ": " + failed.get());
        }
    }

    /** Runs {@code ip} commands inside the namespace; returns what failed. */
    private Optional<String> inside(String commands) {
        try {
            return ip(List.of(ip(), "-n", name(), "-batch", "-"), commands);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Removes the namespace and its veth pair; whatever of it is already gone is fine. */
    void delete() {
        try {
            ip(List.of(ip(), "link", "del", hostInterface()), "");
            ip(List.of(ip(), "netns", "del", name()), "");
        } catch (IOException e) {
            System.getLogger(NetworkNamespace.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove the network namespace " + name() + ": " + e.getMessage());
        }
    }

    /**
     * Removes the namespace of an instance that is gone (recorded by an agent that died), unless a process runs in it:
     * after a reboot another agent may have claimed the slot since.
     */
    void deleteIfUnused() {
        try {
            Process pids = new ProcessBuilder(ip(), "netns", "pids", name()).redirectErrorStream(true).start();
            String output = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (pids.waitFor() == 0 && output.isEmpty()) {
                delete();
            }
        } catch (IOException e) {
            System.getLogger(NetworkNamespace.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot look into the network namespace " + name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code ip}; returns its output when it failed. */
    private static Optional<String> ip(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return process.waitFor() == 0 ? Optional.empty()
                    : Optional.of(String.join(" ", command) + ": " + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:")).findFirst()
                    .map(line -> line.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static String ip() {
        return IP.map(Path::toString).orElse("ip");
    }

    /** The tool on the PATH or in the system directories (the agent's PATH may leave out /usr/sbin). */
    private static Optional<Path> tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                return Optional.of(Path.of(directory, name));
            }
        }
        return Optional.empty();
    }
}
