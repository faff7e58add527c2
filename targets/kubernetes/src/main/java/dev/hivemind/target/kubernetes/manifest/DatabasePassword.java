package dev.hivemind.target.kubernetes.manifest;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A generated database password: 32 random URL-safe characters (192 bits), so it goes into a
 * {@code postgresql://} URL as it is. It lives only in the Secret HiveMind writes; never in the state, a log or a
 * report.
 */
public final class DatabasePassword {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabasePassword() {
    }

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
