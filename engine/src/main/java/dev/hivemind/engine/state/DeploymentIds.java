package dev.hivemind.engine.state;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes deployment ids like {@code 20261122-033512-123-00kq3v8z1m}: the creation time in UTC to the
 * millisecond, then three base32 digits of a per-generator sequence and eight random base32 digits.
 *
 * <p>Ids hold only {@code [a-z0-9-]}, so they are safe in paths and URLs. They sort by creation time: within one
 * generator every id sorts after the previous one even when the clock stands still or steps back, and the random
 * part (40 bits) keeps ids from different processes in the same millisecond apart.
 */
public final class DeploymentIds {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    /** Crockford's base32 in lower case; its characters are in ascending ASCII order, so numbers sort as text. */
    private static final char[] DIGITS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int SEQUENCE_DIGITS = 3;
    private static final int SEQUENCE_LIMIT = 1 << (5 * SEQUENCE_DIGITS);
    private static final int RANDOM_DIGITS = 8;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = Long.MIN_VALUE;
    private int sequence;

    public DeploymentIds(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new id, after every id this generator made before. */
    public synchronized String next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = 0;
        } else if (++sequence == SEQUENCE_LIMIT) {
            // more ids in one millisecond than the sequence holds: borrow the next millisecond
            lastMillis++;
            sequence = 0;
        }
        return STAMP.format(Instant.ofEpochMilli(lastMillis)) + "-"
                + base32(sequence, SEQUENCE_DIGITS) + base32(random.nextLong(), RANDOM_DIGITS);
    }

    /** Whether {@code id} has the shape of a deployment id: lower-case letters, digits and dashes. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static String base32(long value, int digits) {
        char[] text = new char[digits];
        long rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            text[i] = DIGITS[(int) (rest & 31)];
            rest >>>= 5;
        }
        return new String(text);
    }
}
