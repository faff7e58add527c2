package dev.hivemind.target.local;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the TCP ports a process group listens on, from {@code /proc}: the group's processes, their socket
 * inodes, and the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6} holding those inodes.
 */
final class ListenerAudit {
    private static final String LISTEN = "0A";
    private final Path proc;

    ListenerAudit(Path proc) {
        this.proc = proc;
    }

    /** A listening socket: address and port. */
    record Listener(InetAddress address, int port) {
        boolean loopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress()) + ":" + port;
        }
    }

    List<Listener> listenersOfGroup(long processGroup) {
        Set<String> inodes = new HashSet<>();
        for (long pid : processesInGroup(processGroup)) {
            inodes.addAll(socketInodes(pid));
        }
        List<Listener> listeners = new ArrayList<>();
        listeners.addAll(listening(proc.resolve("net/tcp"), inodes));
        listeners.addAll(listening(proc.resolve("net/tcp6"), inodes));
        return listeners;
    }

    private List<Long> processesInGroup(long processGroup) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (groupOf(entry) == processGroup) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    private static long groupOf(Path processDirectory) {
        try {
            String stat = Files.readString(processDirectory.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
            for (Path fd : fds) {
                String link = readLink(fd);
                if (link.startsWith("socket:[")) {
                    inodes.add(link.substring(8, link.length() - 1));
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Listener> listening(Path table, Set<String> inodes) {
        List<Listener> listeners = new ArrayList<>();
        try {
            List<String> rows = Files.readAllLines(table);
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                String[] columns = row.trim().split("\\s+");
                if (columns.length > 9 && columns[3].equals(LISTEN) && inodes.contains(columns[9])) {
                    listeners.add(parse(columns[1]));
                }
            }
        } catch (IOException e) {
            return listeners;
        }
        return listeners;
    }

    /** {@code 0100007F:1F90} is 127.0.0.1:8080: the address's 32-bit words are in host (little-endian) order. */
    static Listener parse(String hexAddressAndPort) {
        String[] parts = hexAddressAndPort.split(":");
        byte[] address = new byte[parts[0].length() / 2];
        for (int word = 0; word < address.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int offset = word * 8 + (3 - b) * 2;
                address[word * 4 + b] = (byte) Integer.parseInt(parts[0].substring(offset, offset + 2), 16);
            }
        }
        try {
            return new Listener(InetAddress.getByAddress(address), new BigInteger(parts[1], 16).intValue());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + hexAddressAndPort, e);
        }
    }
}
