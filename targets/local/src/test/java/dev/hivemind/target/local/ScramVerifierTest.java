package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScramVerifierTest {

    /** Computed independently (Python's hashlib.pbkdf2_hmac and hmac) by RFC 5802's definitions. */
    @Test
    void matchesAnIndependentlyComputedVerifier() {
        byte[] salt = new byte[16];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) i;
        }

        assertThat(ScramVerifier.of("pencil", salt, 4096)).isEqualTo("SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$"
                + "zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE=");
    }

    @Test
    void neverHoldsThePassword() {
        String password = LocalPostgres.newPassword();

        assertThat(ScramVerifier.of(password, new byte[16], ScramVerifier.ITERATIONS)).doesNotContain(password)
                .startsWith("SCRAM-SHA-256$4096:");
    }
}
