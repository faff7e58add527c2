package dev.hivemind.runtime.supervisor;

import dev.hivemind.runtime.client.Listener;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The TCP sockets a process group listens on, read from {@code /proc}: the socket inodes among its members' open files
 * ({@code /proc/<pid>/fd}, links such as {@code socket:[21172]}) matched against the listening sockets of the group's
 * network namespace ({@code /proc/<pid>/net/tcp} and {@code tcp6}, state {@code 0A}). No tool is run: it is a few file
 * reads, done while an instance is starting.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private final Path proc;

    ListeningSockets(Path proc) {
        this.proc = proc;
    }

    static ListeningSockets system() {
        return new ListeningSockets(Path.of("/proc"));
    }

    /** What the group's live members listen on, lowest port first; empty when none listens (or all are gone). */
    List<Listener> of(ProcessGroup group) {
        List<Long> members = group.members();
        if (members.isEmpty()) {
            return List.of();
        }
        Set<Long> inodes = new HashSet<>();
        members.forEach(pid -> inodes.addAll(socketInodes(pid)));
        Map<Long, Listener> listening = new TreeMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            listening.putAll(listeningIn(proc.resolve(String.valueOf(members.getFirst())).resolve("net").resolve(table)));
        }
        return listening.entrySet().stream().filter(entry -> inodes.contains(entry.getKey()))
                .map(Map.Entry::getValue).distinct()
                .sorted(Comparator.comparingInt(Listener::port).thenComparing(Listener::address)).toList();
    }

    /**
     * The port to route to when the instance does not listen on {@code current} (where the proxy sends it now): among
     * the sockets the proxy can reach (on the host: every address or the loopback; in an own namespace: every address
     * or the namespace's own), the app's known port first, else the lowest. Empty when it listens on {@code current}
     * or on nothing the proxy can reach.
     */
    static Optional<Integer> reroute(List<Listener> listeners, int current, Optional<Integer> known,
                                     boolean ownNamespace) {
        List<Integer> reachable = listeners.stream()
                .filter(listener -> listener.wildcard() || (ownNamespace != listener.loopback()))
                .map(Listener::port).distinct().sorted().toList();
        if (reachable.isEmpty() || reachable.contains(current)) {
            return Optional.empty();
        }
        return known.filter(reachable::contains).or(() -> Optional.of(reachable.getFirst()));
    }

    private Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(String.valueOf(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                socketInode(fd).ifPresent(inodes::add);
            }
        } catch (IOException | RuntimeException e) {
            return inodes; // the process ended while we looked, or is not ours to read
        }
        return inodes;
    }

    private static Optional<Long> socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") && target.endsWith("]")
                    ? Optional.of(Long.parseLong(target.substring(8, target.length() - 1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // closed meanwhile
        }
    }

    /** The listening sockets of one table by inode. */
    static Map<Long, Listener> listeningIn(Path table) {
        Map<Long, Listener> listening = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return listening; // no IPv6, or the process is gone
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 9 && fields[3].equals(LISTEN)) {
                String[] local = fields[1].split(":");
                listening.put(Long.parseLong(fields[9]), new Listener(address(local[0]),
                        Integer.parseInt(local[1], 16)));
            }
        }
        return listening;
    }

    /** An address of /proc/net/tcp{,6}: 32-bit words in hex, each in the host's (little-endian) byte order. */
    static String address(String hex) {
        List<Integer> bytes = new ArrayList<>();
        for (int word = 0; word < hex.length(); word += 8) {
            for (int i = 6; i >= 0; i -= 2) {
                bytes.add(Integer.parseInt(hex.substring(word + i, word + i + 2), 16));
            }
        }
        if (bytes.size() == 4) {
            return bytes.get(0) + "." + bytes.get(1) + "." + bytes.get(2) + "." + bytes.get(3);
        }
        return ipv6(bytes);
    }

    private static String ipv6(List<Integer> bytes) {
        boolean mapped = bytes.subList(0, 10).stream().allMatch(b -> b == 0) && bytes.get(10) == 0xff
                && bytes.get(11) == 0xff;
        if (mapped) {
            return "::ffff:" + bytes.get(12) + "." + bytes.get(13) + "." + bytes.get(14) + "." + bytes.get(15);
        }
        if (bytes.stream().allMatch(b -> b == 0)) {
            return "::";
        }
        if (bytes.subList(0, 15).stream().allMatch(b -> b == 0) && bytes.get(15) == 1) {
            return "::1";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(bytes.get(i) << 8 | bytes.get(i + 1)));
        }
        return text.toString();
    }
}
