package dev.hivemind.target.ssh.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Outputs recorded from real commands on a Debian 12 host, kept under {@code src/test/resources/hardening/}. */
final class Recorded {
    private Recorded() {
    }

    static String output(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/hardening/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
