package dev.hivemind.testing.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private IPv4 /24 of one run: {@code 10.<second>.<third>.0/24}. This machine takes {@code .1}, host {@code i}
 * takes {@code .(10 + i)}, the outsider {@code .200}.
 */
record Subnet(int second, int third) {
    static final int MACHINE = 1;
    static final int FIRST_HOST = 10;
    static final int OUTSIDER = 200;
    static final int MAX_HOSTS = OUTSIDER - FIRST_HOST;
    /** Where the search for a free /24 starts: far from the 10.0.x.y and 10.1.x.y that networks favour. */
    private static final int FIRST_SECOND = 213;
    private static final Pattern PREFIX =
            Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d)(?:/(\\d{1,2}))?");

    Subnet {
        if (second < 0 || second > 255 || third < 0 || third > 255) {
            throw new IllegalArgumentException("10." + second + "." + third + ".0/24 is not an IPv4 subnet");
        }
    }

    /** {@code 10.<second>.<third>.<last>} */
    String address(int last) {
        return "10." + second + "." + third + "." + last;
    }

    /** {@code 10.<second>.<third>.0/24} */
    String cidr() {
        return address(0) + "/24";
    }

    /**
     * The first {@code 10.x.y.0/24} (from 10.213.0.0) that overlaps none of the addresses and routes this machine
     * has, as {@code ip -o -4 addr} and {@code ip -4 route show table all} print them; a default route overlaps
     * nothing.
     */
    static Optional<Subnet> firstFree(String addresses, String routes) {
        List<long[]> taken = new ArrayList<>();
        collect(addresses, taken);
        collect(routes, taken);
        for (int second = FIRST_SECOND; second <= 254; second++) {
            for (int third = 0; third <= 255; third++) {
                long start = (10L << 24) | ((long) second << 16) | ((long) third << 8);
                if (taken.stream().noneMatch(range -> range[0] < start + 256 && start < range[1])) {
                    return Optional.of(new Subnet(second, third));
                }
            }
        }
        return Optional.empty();
    }

    /** Adds every {@code a.b.c.d[/n]} of {@code text} as a range {start, end}. */
    private static void collect(String text, List<long[]> taken) {
        Matcher matcher = PREFIX.matcher(text);
        while (matcher.find()) {
            long address = 0;
            boolean valid = true;
            for (int group = 1; group <= 4; group++) {
                int octet = Integer.parseInt(matcher.group(group));
                valid &= octet <= 255;
                address = (address << 8) | octet;
            }
            int length = matcher.group(5) == null ? 32 : Integer.parseInt(matcher.group(5));
            if (valid && length > 0 && length <= 32) {
                long size = 1L << (32 - length);
                long start = address & ~(size - 1);
                taken.add(new long[] {start, start + size});
            }
        }
    }
}
