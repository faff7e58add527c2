package dev.hivemind.target.ssh.hardening;

/** A run of ports, {@code first} to {@code last} inclusive ({@code 6000:6007} in ufw, {@code 6000-6007} in nft). */
record PortRange(int first, int last) {
    PortRange {
        if (first < 1 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("a port range is within 1..65535, first <= last: " + first + ".." + last);
        }
    }

    static PortRange of(int port) {
        return new PortRange(port, port);
    }

    boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? String.valueOf(first) : first + ":" + last;
    }
}
