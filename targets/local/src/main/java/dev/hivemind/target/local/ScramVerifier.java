package dev.hivemind.target.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A role's password as PostgreSQL stores it ({@code SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey}, RFC 5802 and
 * 7677). HiveMind sets the app role's password with this verifier, so the password itself never passes through SQL
 * (nor any server log line that might quote a statement).
 */
final class ScramVerifier {
    static final int ITERATIONS = 4096;

    private ScramVerifier() {
    }

    /** The verifier of {@code password} (ASCII, so SASLprep leaves it as it is) with {@code salt}. */
    static String of(String password, byte[] salt, int iterations) {
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256 or HmacSHA256", missing);
        }
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    }
}
